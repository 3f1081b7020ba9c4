/** kubeconfig builders: the user's admin kubeconfig and the node-side ones. */
export type { Kubeconfig, KubeconfigCluster, KubeconfigContext, KubeconfigUser } from './kubeconfig-types.js';
export { adminKubeconfig, buildAdminKubeconfig, type AdminKubeconfigOptions } from './admin-kubeconfig.js';
export {
  NODE_PKI_DIR,
  apiServerUrl,
  buildCertKubeconfig,
  buildKubeProxyKubeconfig,
  buildNodeKubeconfig,
  nodeKubeconfig,
  type NodeKubeconfigCredential,
  type NodeKubeconfigSpec,
} from './node-kubeconfig.js';
