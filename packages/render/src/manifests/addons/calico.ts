/**
 * Calico (useCalico): networking *and* NetworkPolicy, installed by the Tigera operator.
 *
 * The operator manifest (with its CRDs, far too big to write by hand) is fetched by Ignition from
 * the pinned Calico release to `/etc/kubernetes/addons-upstream/` and applied before these objects.
 * VXLAN (UDP 4789) with BGP off, so it needs no source/dest-check changes on AWS.
 */
import type { ClusterConfig } from '@kube-aws/config';

import type { K8sObject } from '../k8s-object.js';

export function calicoAddon(config: ClusterConfig): K8sObject[] {
  return [
    {
      // Lets calico-node and the operator reach the API server without kube-proxy.
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kubernetes-services-endpoint', namespace: 'tigera-operator' },
      data: { KUBERNETES_SERVICE_HOST: config.controllerIP, KUBERNETES_SERVICE_PORT: '443' },
    },
    {
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Installation',
      metadata: { name: 'default' },
      spec: {
        // /usr is read-only on Flatcar, and FlexVolume is long deprecated.
        flexVolumePath: 'None',
        cni: { type: 'Calico' },
        calicoNetwork: {
          bgp: 'Disabled',
          ipPools: [{ name: 'default-ipv4-ippool', cidr: config.podCIDR, blockSize: 26, encapsulation: 'VXLAN', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
        },
      },
    },
    { apiVersion: 'operator.tigera.io/v1', kind: 'APIServer', metadata: { name: 'default' }, spec: {} },
  ];
}
