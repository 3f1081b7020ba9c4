/** Errors of the worker process. */

/**
 * Thrown by {@link connectFromEnvironment} when the Temporal server does not answer: nothing
 * listens at the address (no dev server started, wrong TEMPORAL_ADDRESS), or TLS/API-key settings
 * do not match the server's.
 */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError';

  constructor(
    readonly address: string,
    readonly namespace: string,
    override readonly cause: unknown,
  ) {
    super(
      `cannot reach Temporal at ${address} (namespace ${namespace}): ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Start a server (`temporal server start-dev`) or point TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and, for Temporal Cloud, TEMPORAL_API_KEY at yours.',
    );
  }
}
