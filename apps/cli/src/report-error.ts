import { DetachedError } from './errors.js';
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
  'IncompleteCaError',
  'CredentialFileError',
  'TemplateReferenceError',
  'IgnitionValidationError',
  'UnsupportedKubernetesVersionError',
]);

/** Errors of the durable commands (Temporal, AWS identity, workflow outcomes). */
const DURABLE_ERRORS = new Set([
  'TemporalUnreachableError',
  'NoWorkerError',
  'ClusterBusyError',
  'AwsIdentityError',
  'AssetsUriError',
  'WorkflowRunError',
]);

const EXIT_CODES = new Set<number>(Object.values(ExitCode));

/** The CLI's own errors say their exit code; the packages' errors are classified by name. */
function exitCodeOf(error: Error): ExitCode {
  const own = (error as { exitCode?: unknown }).exitCode;
  if (typeof own === 'number' && EXIT_CODES.has(own)) return own as ExitCode;
  return USER_ERRORS.has(error.name) ? ExitCode.UserError : ExitCode.Failure;
}

/** Prints an error for a person and returns the exit code it means. */
export function reportError(error: unknown, output: Output): ExitCode {
  if (error instanceof DetachedError) {
    // Not a failure: the workflow goes on without us.
    output.note(error.message);
    output.result({ detached: true, workflowId: error.workflowId, reattach: error.reattach });
    return error.exitCode;
  }
  if (error instanceof Error) {
    const exitCode = exitCodeOf(error);
    output.error(error.message);
    if (process.env.KUBE_AWS_DEBUG && error.stack) output.note(error.stack);
    // Under --json the durable commands' failures are also a result, so a script sees the workflow ID.
    if (DURABLE_ERRORS.has(error.name)) output.result({ error: { name: error.name, message: error.message, exitCode, ...errorContext(error) } });
    return exitCode;
  }
  output.error(String(error));
  return ExitCode.Failure;
}

/** The machine-readable context a durable-command error carries (workflow ID, failure type, details). */
function errorContext(error: Error): Record<string, unknown> {
  const { workflowId, failureType, details } = error as { workflowId?: unknown; failureType?: unknown; details?: unknown };
  return {
    ...(typeof workflowId === 'string' ? { workflowId } : {}),
    ...(typeof failureType === 'string' ? { failureType } : {}),
    ...(Array.isArray(details) && details.length > 0 ? { details } : {}),
  };
}
