/** Kubernetes manifests for the controller: static pods, addons, and the image versions they pin. */
export * from './versions.js';
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
