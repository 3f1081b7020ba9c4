/**
 * `checkClusterCredentials`: every rendered client credential that talks to the API server
 * authenticates, as what it should be. One SelfSubjectReview per credential (authentication.k8s.io/v1):
 * the admin kubeconfig, the worker bootstrap credential (which must land in system:bootstrappers),
 * kube-controller-manager's, kube-scheduler's and the API server's kubelet client. A credential the
 * API server rejects fails at once, naming its file; a server that does not answer yet is retried.
 */
import type { ClusterCredentialsReport, CredentialIdentity } from '../contract.js';
import type { AssetStore } from '../assets/asset-store.js';
import { heartbeat } from '../shared/heartbeat.js';
import type { ApiEndpointResolver } from './api-endpoints.js';
import type { ClientCredential } from './cluster-access.js';
import { readClientCredential, readClusterAccess } from './cluster-access.js';
import { credentialMisidentified } from './credential-rejection.js';
import { KubeClient } from './kube-client.js';
import { resolveConnection } from './kube-connection.js';
import { viewKubeError } from './kube-error.js';
import { kubeFailure, unreachableFailure } from './kube-failure.js';

/** The rendered client certificates besides the admin's, and what each is for. */
export const CLIENT_CREDENTIALS: readonly { readonly file: string; readonly what: string; readonly requiredGroup?: string }[] = [
  { file: 'credentials/worker.pem', what: 'the worker bootstrap credential', requiredGroup: 'system:bootstrappers' },
  { file: 'credentials/controller-manager.pem', what: 'the kube-controller-manager credential' },
  { file: 'credentials/scheduler.pem', what: 'the kube-scheduler credential' },
  { file: 'credentials/apiserver-kubelet-client.pem', what: "the API server's kubelet client credential" },
];

export interface KubeDeps {
  readonly endpoints?: ApiEndpointResolver;
  readonly now: () => Date;
  readonly requestTimeoutMs?: number;
}

export async function checkClusterCredentials(store: AssetStore, deps: KubeDeps): Promise<ClusterCredentialsReport> {
  const access = await readClusterAccess(store);
  const others = await Promise.all(CLIENT_CREDENTIALS.map((c) => readClientCredential(store, c.file, c.what, c.requiredGroup)));
  const connection = await resolveConnection(access.target, deps.endpoints);
  const clientFor = (credential: ClientCredential): KubeClient => new KubeClient(connection, access.target.caPem, credential, deps.requestTimeoutMs);
  const admin = clientFor(access.admin);

  const checked: CredentialIdentity[] = [];
  for (const credential of [access.admin, ...others]) {
    const failed = { connection, target: access.target, credential, call: 'create selfsubjectreviews (authentication.k8s.io/v1)', now: deps.now() };
    let identity;
    try {
      identity = await clientFor(credential).selfSubjectReview();
    } catch (error) {
      const view = viewKubeError(error, connection);
      // Right after the API server starts, RBAC's bootstrap roles may not exist yet: a 403 is
      // the credential's fault only once /readyz (asked as admin, whom RBAC does not gate) is OK.
      if (view.kind === 'forbidden' && credential !== access.admin && !(await admin.readyz().catch(() => false))) {
        throw unreachableFailure(connection, `the API server is still starting (/readyz is not OK yet; ${credential.file} got ${view.cause})`);
      }
      throw kubeFailure(error, view, failed);
    }
    if (credential.requiredGroup && !identity.groups.includes(credential.requiredGroup)) {
      throw credentialMisidentified(credential, identity.username, identity.groups);
    }
    checked.push({ file: credential.file, what: credential.what, username: identity.username, groups: [...identity.groups] });
    heartbeat({ checked: checked.length, of: others.length + 1 });
  }
  return { server: connection.url, serverName: connection.serverName, credentials: checked };
}
