/**
 * RBAC for certificate-based kubelet bootstrap and for the API server's calls to kubelets.
 *
 * Every node starts with the shared *bootstrap* credential (`worker.pem`, O=system:bootstrappers),
 * which may only create node-client CSRs; kube-controller-manager's csrapproving controller then
 * approves them because of the two bindings below, and each kubelet gets its own
 * `system:node:<name>` identity (and renews it with selfnodeclient).
 */
import type { K8sObject } from '../k8s-object.js';
import { clusterRole, clusterRoleBinding, group, user } from '../rbac.js';

/** CN of `apiserver-kubelet-client.pem` (from @kube-aws/pki). */
export const APISERVER_KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';
/** CN of the short-lived certificate the controller's CSR approver mints for itself. */
export const KUBELET_SERVING_APPROVER_USER = 'kube-aws:kubelet-serving-approver';

export function nodeBootstrapRbac(): K8sObject[] {
  return [
    clusterRoleBinding('kube-aws:node-bootstrapper', 'system:node-bootstrapper', [group('system:bootstrappers')]),
    clusterRoleBinding('kube-aws:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [group('system:bootstrappers')]),
    clusterRoleBinding('kube-aws:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [group('system:nodes')]),
    clusterRoleBinding('kube-aws:apiserver-kubelet-client', 'system:kubelet-api-admin', [user(APISERVER_KUBELET_CLIENT_USER)]),
    // kubelet serving certificates (serverTLSBootstrap) are never auto-approved by
    // kube-controller-manager; a controller-side script approves them after checking their names.
    clusterRole(KUBELET_SERVING_APPROVER_USER, [
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update'] },
      { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['kubernetes.io/kubelet-serving'], verbs: ['approve'] },
      // The approver compares a CSR's names with the addresses the cloud controller recorded on the Node.
      { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
    ]),
    clusterRoleBinding(KUBELET_SERVING_APPROVER_USER, KUBELET_SERVING_APPROVER_USER, [user(KUBELET_SERVING_APPROVER_USER)]),
  ];
}
