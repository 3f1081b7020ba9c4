/**
 * Errors of the kube-aws command itself (as opposed to the packages it drives). Each durable-command
 * error carries the exit code it means, so `reportError` needs no table for them.
 */
import { ExitCode } from './exit-codes.js';

/** Thrown when the command line is wrong: missing or malformed flags, unknown commands. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly exitCode = ExitCode.UserError;
  constructor(message: string) {
    super(message);
  }
}

/**
 * Thrown when the Temporal frontend does not answer within the connect timeout: the sandbox (or
 * the server TEMPORAL_ADDRESS names) is not running, the address is wrong, or TLS settings differ.
 */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError';
  readonly exitCode = ExitCode.Failure;
  constructor(
    readonly address: string,
    readonly namespace: string,
    cause?: unknown,
  ) {
    super(
      `cannot reach Temporal at ${address} — start the sandbox: npm run sandbox -- up ` +
        `(or point TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE at your server)`,
      { cause },
    );
  }
}

/**
 * Thrown when no worker has polled the kube-aws task queue recently: a started workflow would sit
 * there until one comes, so the CLI refuses instead of hanging.
 */
export class NoWorkerError extends Error {
  override readonly name = 'NoWorkerError';
  readonly exitCode = ExitCode.Failure;
  constructor(
    readonly taskQueue: string,
    readonly address: string,
  ) {
    super(`no kube-aws worker is polling task queue ${taskQueue} on ${address}; start one: npm run worker (or docker compose up worker)`);
  }
}

/**
 * Thrown when a different mutating command (e.g. `destroy` while `up` runs) already holds the
 * cluster's workflow ID: one change at a time per cluster.
 */
export class ClusterBusyError extends Error {
  override readonly name = 'ClusterBusyError';
  readonly exitCode = ExitCode.UserError;
  constructor(
    readonly clusterName: string,
    readonly runningType: string,
    readonly workflowId: string,
    readonly uiUrl: string,
    readonly wanted: string,
  ) {
    super(
      `cluster ${clusterName} is busy: ${runningType} is running as workflow ${workflowId}.\n` +
        `Wait for it to finish (watch it at ${uiUrl}), then run ${wanted} again.`,
    );
  }
}

/** Thrown when the AWS caller identity (the account of the workflow ID) cannot be found. */
export class AwsIdentityError extends Error {
  override readonly name = 'AwsIdentityError';
  readonly exitCode = ExitCode.Failure;
  constructor(
    readonly region: string,
    detail: string,
    cause?: unknown,
  ) {
    super(
      `cannot tell which AWS account to use (STS GetCallerIdentity in ${region}): ${detail}. ` +
        'Set AWS credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; for the sandbox also AWS_ENDPOINT_URL).',
      { cause },
    );
  }
}

/** Thrown when `--assets-uri` (or KUBE_AWS_ASSETS_URI) is neither absent nor an `s3://bucket/prefix`. */
export class AssetsUriError extends Error {
  override readonly name = 'AssetsUriError';
  readonly exitCode = ExitCode.UserError;
  constructor(
    readonly uri: string,
    reason: string,
  ) {
    super(`--assets-uri ${uri}: ${reason}`);
  }
}

/**
 * Thrown when the workflow a command waited for ended without success: failed, timed out, was
 * cancelled or terminated. The message is the workflow's own (written to be actionable), prefixed
 * the way kube-aws prefixed the command's errors.
 */
export class WorkflowRunError extends Error {
  override readonly name = 'WorkflowRunError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly workflowId: string,
    /** `ApplicationFailure.type`, when the failure had one. */
    readonly failureType?: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
  }
}

/**
 * Not a failure: Ctrl-C while following a workflow. The workflow goes on; the message says how to
 * follow it again: the same command for a change (it attaches by the cluster's workflow ID), the
 * Web UI for a look (a read-only command run again starts a new workflow). Exit 130, no "Error:".
 */
export class DetachedError extends Error {
  override readonly name = 'DetachedError';
  readonly exitCode = ExitCode.Detached;
  constructor(
    readonly workflowId: string,
    /** `kube-aws up`, or the Web UI link for a read-only command. */
    readonly reattach: string,
    readonly readOnly = false,
  ) {
    super(`Detached; the workflow keeps running. ${readOnly ? 'Follow it at' : 'Re-attach with'}: ${reattach}`);
  }
}
