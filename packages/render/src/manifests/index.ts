/**
 * Kubernetes manifests for the controller: static pods, addons, the image versions they pin, and the
 * API server's audit policy and EncryptionConfiguration.
 */
export * from './versions.js';
export { AUDIT_LOG_DIR, AUDIT_LOG_PATH, AUDIT_LOG_ROTATION, AUDIT_POLICY_PATH, auditPolicy, auditPolicyYaml } from './audit-policy.js';
export {
  ENCRYPTION_CONFIG_PATH,
  SECRETS_ENCRYPTION_KEY_NAME,
  SECRETS_ENCRYPTION_KEY_PATH,
  encryptionConfigurationYaml,
} from './encryption-config.js';
export { type K8sObject, type ObjectMeta, toYaml } from './k8s-object.js';
export {
  CONTROLLER_MANAGER_KUBECONFIG,
  SCHEDULER_KUBECONFIG,
  controllerStaticPods,
  etcdPod,
  kubeApiserverFlags,
  kubeApiserverPod,
  kubeControllerManagerFlags,
  kubeControllerManagerPod,
  kubeSchedulerFlags,
  kubeSchedulerPod,
} from './static-pods.js';
export { APISERVER_KUBELET_CLIENT_USER, KUBELET_SERVING_APPROVER_USER, controllerAddons, upstreamAddonSources } from './addons/index.js';
