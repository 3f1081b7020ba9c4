/**
 * What went wrong with a request to the API server, in the terms verify acts on:
 *
 * - `unreachable`: not answering yet (DNS not propagated, connection refused or reset, no answer
 *   in time, 5xx, 429): keep waiting, and say why;
 * - `unauthorized` (401) and `forbidden` (403): a credential problem no wait will fix;
 * - `untrusted`: the server certificate did not verify for the name (never retried: it would hand
 *   the client credential to whoever answers);
 * - `cancelled`: the activity was cancelled;
 * - `unexpected`: any other HTTP answer.
 *
 * Works on the shapes client-node 1.4 throws: `ApiException` (an HTTP status) and node-fetch's
 * `FetchError` (a system error's `code`) or `AbortError`.
 */
import { ApiException } from '@kubernetes/client-node';
import { cleanAwsMessage } from '../failures.js';
import { activitySignal } from '../shared/heartbeat.js';
import { CONNECTION_ERROR_CODES, DNS_ERROR_CODES } from '../shared/network-errors.js';

export type KubeErrorKind = 'unreachable' | 'unauthorized' | 'forbidden' | 'untrusted' | 'cancelled' | 'unexpected';

export interface KubeErrorView {
  readonly kind: KubeErrorKind;
  readonly status?: number;
  /** One line for people: what happened, with the code or status. */
  readonly cause: string;
}

/** Node's (OpenSSL's) certificate verification failures. */
const TLS_VERIFY_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
]);

interface ErrorLike {
  readonly name?: string;
  readonly code?: unknown;
  readonly message?: string;
  readonly cause?: unknown;
}

/** The first string `code` down the cause chain (FetchError copies the system error's). */
function errorCode(error: unknown): string | undefined {
  for (let cur: unknown = error, depth = 0; cur && typeof cur === 'object' && depth < 5; cur = (cur as ErrorLike).cause, depth++) {
    const code = (cur as ErrorLike).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** node-fetch says `request to https://… failed, reason: <the system error's message>`: keep the reason. */
function reasonOf(error: ErrorLike): string {
  const message = error.message ?? String(error);
  const reason = /failed, reason: ([\s\S]*)$/.exec(message)?.[1] ?? message;
  return cleanAwsMessage(reason, 300);
}

/** The Status message the API server sent with an error status, if any. */
function statusMessage(error: ApiException<unknown>): string {
  const body = error.body as unknown;
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return cleanAwsMessage((body as { message: string }).message, 300);
  }
  if (typeof body === 'string' && body.trim() !== '') {
    try {
      const parsed = JSON.parse(body) as { message?: unknown };
      if (typeof parsed.message === 'string') return cleanAwsMessage(parsed.message, 300);
    } catch {
      // not JSON: the text itself
    }
    return cleanAwsMessage(body, 300);
  }
  return '';
}

export function viewKubeError(error: unknown, where: { readonly url: string; readonly serverName: string }): KubeErrorView {
  if (error instanceof ApiException) {
    const status = error.code;
    const message = statusMessage(error);
    const text = `HTTP ${status}${message ? `: ${message}` : ''}`;
    if (status === 401) return { kind: 'unauthorized', status, cause: text };
    if (status === 403) return { kind: 'forbidden', status, cause: text };
    if (status >= 500 || status === 429) return { kind: 'unreachable', status, cause: `the API server answered ${text}` };
    return { kind: 'unexpected', status, cause: `the API server answered ${text}` };
  }
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  if (e.name === 'AbortError' || errorCode(e) === 'ABORT_ERR') {
    if (activitySignal()?.aborted) return { kind: 'cancelled', cause: 'the activity was cancelled' };
    return { kind: 'unreachable', cause: `no answer from ${where.url} in time` };
  }
  const code = errorCode(e);
  if (code !== undefined && DNS_ERROR_CODES.has(code)) {
    return { kind: 'unreachable', cause: `${new URL(where.url).hostname} does not resolve (${code}): its DNS record may not have propagated yet` };
  }
  if (code === 'ECONNREFUSED') return { kind: 'unreachable', cause: `connection refused by ${new URL(where.url).host} (ECONNREFUSED): the API server is not listening yet` };
  if (code !== undefined && TLS_VERIFY_CODES.has(code)) {
    return { kind: 'untrusted', cause: `${code}: ${reasonOf(e)}` };
  }
  if ((code !== undefined && CONNECTION_ERROR_CODES.has(code)) || /socket hang up|network|timed? ?out/i.test(e.message ?? '')) {
    return { kind: 'unreachable', cause: `${code ?? 'network error'}: ${reasonOf(e)}` };
  }
  return { kind: 'unexpected', cause: `${code ? `${code}: ` : ''}${reasonOf(e)}` };
}
