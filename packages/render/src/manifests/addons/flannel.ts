/**
 * flannel (VXLAN, UDP 8472) with the Kubernetes subnet manager: it reads each node's spec.podCIDR
 * (kube-controller-manager --allocate-node-cidrs) instead of kube-aws's etcd2 keys.
 */
import type { ClusterConfig } from '@kube-aws/config';

import { type K8sObject, TOLERATE_EVERYTHING, hostPathVolume } from '../k8s-object.js';
import { saWithClusterRole } from '../rbac.js';
import { kubernetesRelease } from '../versions.js';

const CNI_CONF = {
  name: 'cbr0',
  cniVersion: '0.3.1',
  plugins: [
    { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};

export function flannelAddon(config: ClusterConfig): K8sObject[] {
  const labels = { app: 'flannel', 'k8s-app': 'flannel' };
  const { flannel, flannelCniPlugin } = kubernetesRelease(config.kubernetesVersion).images;
  const run = hostPathVolume('run', '/run/flannel');
  const cniPlugin = hostPathVolume('cni-plugin', '/opt/cni/bin');
  const cni = hostPathVolume('cni', '/etc/cni/net.d');
  const xtables = hostPathVolume('xtables-lock', '/run/xtables.lock', { type: 'FileOrCreate' });
  const netConf = { Network: config.podCIDR, EnableNFTables: false, Backend: { Type: 'vxlan' } };
  return [
    ...saWithClusterRole('flannel', 'kube-aws:flannel', [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
    ]),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-flannel-cfg', namespace: 'kube-system', labels },
      data: { 'cni-conf.json': `${JSON.stringify(CNI_CONF, null, 2)}\n`, 'net-conf.json': `${JSON.stringify(netConf, null, 2)}\n` },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-flannel-ds', namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'flannel',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: TOLERATE_EVERYTHING,
            initContainers: [
              { name: 'install-cni-plugin', image: flannelCniPlugin, command: ['cp'], args: ['-f', '/flannel', '/opt/cni/bin/flannel'], volumeMounts: [cniPlugin.mount] },
              {
                name: 'install-cni',
                image: flannel,
                command: ['cp'],
                args: ['-f', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
                volumeMounts: [cni.mount, { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' }],
              },
            ],
            containers: [
              {
                name: 'kube-flannel',
                image: flannel,
                command: ['/opt/bin/flanneld'],
                args: ['--ip-masq', '--kube-subnet-mgr'],
                resources: { requests: { cpu: '100m', memory: '50Mi' } },
                securityContext: { privileged: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
                env: [
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  { name: 'EVENT_QUEUE_DEPTH', value: '5000' },
                  // The API server by its private IP: flannel starts before kube-proxy has programmed the ClusterIP.
                  { name: 'KUBERNETES_SERVICE_HOST', value: config.controllerIP },
                  { name: 'KUBERNETES_SERVICE_PORT', value: '443' },
                ],
                volumeMounts: [run.mount, { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' }, xtables.mount],
              },
            ],
            volumes: [run.volume, cniPlugin.volume, cni.volume, { name: 'flannel-cfg', configMap: { name: 'kube-flannel-cfg' } }, xtables.volume],
          },
        },
      },
    },
  ];
}
