/**
 * A failed API server request as what the activity throws: the typed non-retryable errors for
 * 401, 403 and an untrusted server certificate, a retryable `ApiServerUnreachable` failure (with
 * the cause in its message) for a server that is not answering yet, and cancellation as it came.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ApiServerUntrustedError, KubernetesForbiddenError } from '../errors.js';
import type { ClientCredential, ClusterTarget } from './cluster-access.js';
import { credentialRejected } from './credential-rejection.js';
import type { KubeConnection } from './kube-connection.js';
import type { KubeErrorView } from './kube-error.js';

export function unreachableFailure(connection: KubeConnection, cause: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ApiServerUnreachable',
    nonRetryable: false,
    message: `cannot reach the API server at ${connection.url} (${connection.serverName}) yet: ${cause} — will retry`,
  });
}

export interface FailedCall {
  readonly connection: KubeConnection;
  readonly target: ClusterTarget;
  readonly credential: ClientCredential;
  /** What the request was for, for a 403: `create selfsubjectreviews`. */
  readonly call: string;
  readonly now: Date;
}

/** The error to throw for a request that failed with `error` (seen as `view`). */
export function kubeFailure(error: unknown, view: KubeErrorView, call: FailedCall): Error {
  switch (view.kind) {
    case 'unauthorized':
      return credentialRejected(call.credential, call.target, call.now);
    case 'forbidden':
      return new KubernetesForbiddenError(call.credential.file, call.credential.what, call.call, view.cause);
    case 'untrusted':
      return new ApiServerUntrustedError(call.connection.url, call.connection.serverName, view.cause);
    case 'cancelled':
      return error instanceof Error ? error : new Error(String(error));
    case 'unreachable':
    case 'unexpected':
      return unreachableFailure(call.connection, view.cause);
  }
}
