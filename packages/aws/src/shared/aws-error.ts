/**
 * Reading AWS SDK v3 errors: the service's error code is the exception's `name`
 * (`InvalidKeyPair.NotFound`, `NoSuchKey`, …). Used where a "not found" is an answer, not a fault;
 * everything else goes through `toActivityFailure`.
 */

/** The error code of an AWS SDK v3 service exception, or undefined for anything else. */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, Code } = error as { name?: unknown; Code?: unknown };
  if (typeof Code === 'string') return Code;
  return typeof name === 'string' ? name : undefined;
}

/** HTTP status of a failed AWS request, when there was a response. */
export function awsHttpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** True when the error is one of `codes` (exact error-code match). */
export function isAwsError(error: unknown, ...codes: string[]): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && codes.includes(code);
}
