/**
 * Error codes of a connection that could not be made or broke (Node's sockets, undici): the
 * request may well succeed on another try. Shared by the AWS failure classification and the
 * Kubernetes API client's.
 */

/** The name does not resolve (yet): a DNS record not created or not propagated. */
export const DNS_ERROR_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME']);

/** The connection was refused, reset, timed out or never reached the host. */
export const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
