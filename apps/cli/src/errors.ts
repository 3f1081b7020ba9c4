/**
 * Errors of the kube-aws command itself (as opposed to the packages it drives).
 */

/** Thrown when the command line is wrong: missing or malformed flags, unknown commands. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  constructor(message: string) {
    super(message);
  }
}
