/**
 * Which credential files go to which node role. Derived from {@link planCredentials}, so the plan
 * stays the single source of truth; file names and roles never depend on the config.
 */
import type { NodeRole } from './model.js';
import { credentialLayout } from './plan.js';

function filesFor(role: NodeRole): readonly string[] {
  return credentialLayout()
    .flatMap((spec) => spec.files)
    .filter((f) => f.roles.includes(role))
    .map((f) => f.file);
}

/**
 * The files each node role receives (KMS-encrypted by the render/aws layers):
 * - controller: ca.pem, ca-key.pem (kube-controller-manager signs node CSRs), etcd-ca.pem,
 *   front-proxy-ca.pem, the apiserver, apiserver-kubelet-client, apiserver-etcd-client, etcd-server,
 *   etcd-peer, front-proxy-client, controller-manager and scheduler pairs, service-account-key.pem +
 *   service-account.pub, secrets-encryption-key.b64, and the worker bootstrap pair (the
 *   controller's kubelet joins like any node).
 * - worker: ca.pem, worker.pem, worker-key.pem.
 * Never shipped: etcd-ca-key.pem, front-proxy-ca-key.pem and the admin pair.
 */
export const CREDENTIAL_FILES_FOR_ROLE: Readonly<Record<NodeRole, readonly string[]>> = Object.freeze({
  controller: Object.freeze(filesFor('controller')),
  worker: Object.freeze(filesFor('worker')),
});

/** The credential file names a node of `role` receives; see {@link CREDENTIAL_FILES_FOR_ROLE}. */
export function credentialFilesForRole(role: NodeRole): readonly string[] {
  return CREDENTIAL_FILES_FOR_ROLE[role];
}
