import { ExitCode } from './exit-codes.js';
import type { Output } from './output.js';

/**
 * Errors that mean "the input is wrong": the user fixes cluster.yaml, a flag or a file and runs
 * again (exit 2). Matched by class name because the classes live in several packages.
 */
const USER_ERRORS = new Set([
  'CliUsageError',
  'ClusterConfigError',
  'ClusterConfigNotFoundError',
  'ClusterYamlExistsError',
  'InitOptionsError',
  'AssetValidationError',
  'AssetMissingError',
  'CaMismatchError',
  'CredentialFileError',
]);

/** Prints an error for a person and returns the exit code it means. */
export function reportError(error: unknown, output: Output): ExitCode {
  if (error instanceof Error) {
    output.error(error.message);
    if (process.env.KUBE_AWS_DEBUG && error.stack) output.note(error.stack);
    return USER_ERRORS.has(error.name) ? ExitCode.UserError : ExitCode.Failure;
  }
  output.error(String(error));
  return ExitCode.Failure;
}
