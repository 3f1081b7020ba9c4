/**
 * The addon manifests kube-aws-addons.service applies on the controller, by file name under
 * `/etc/kubernetes/addons/` (applied in name order).
 */
import type { ClusterConfig } from '@kube-aws/config';

import { toYaml } from '../k8s-object.js';
import { calicoOperatorManifestUrl, kubernetesRelease } from '../versions.js';
import { awsCloudControllerManagerAddon } from './aws-cloud-controller-manager.js';
import { awsEbsCsiDriverAddon } from './aws-ebs-csi-driver.js';
import { calicoAddon } from './calico.js';
import { corednsAddon } from './coredns.js';
import { flannelAddon } from './flannel.js';
import { kubeProxyAddon } from './kube-proxy.js';
import { nodeBootstrapRbac } from './node-bootstrap-rbac.js';

export { APISERVER_KUBELET_CLIENT_USER, KUBELET_SERVING_APPROVER_USER } from './node-bootstrap-rbac.js';

export function controllerAddons(config: ClusterConfig): ReadonlyMap<string, string> {
  return new Map([
    ['00-node-bootstrap-rbac.yaml', toYaml(nodeBootstrapRbac())],
    ['10-kube-proxy.yaml', toYaml(kubeProxyAddon(config))],
    config.useCalico ? ['20-calico.yaml', toYaml(calicoAddon(config))] : ['20-flannel.yaml', toYaml(flannelAddon(config))],
    ['30-aws-cloud-controller-manager.yaml', toYaml(awsCloudControllerManagerAddon(config))],
    ['40-coredns.yaml', toYaml(corednsAddon(config))],
    ['50-aws-ebs-csi-driver.yaml', toYaml(awsEbsCsiDriverAddon(config))],
  ]);
}

/** Remote manifests Ignition downloads to `/etc/kubernetes/addons-upstream/` (applied first). */
export function upstreamAddonSources(config: ClusterConfig): ReadonlyMap<string, string> {
  return config.useCalico ? new Map([['tigera-operator.yaml', calicoOperatorManifestUrl(kubernetesRelease(config.kubernetesVersion).calicoVersion)]]) : new Map();
}
