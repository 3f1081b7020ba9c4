/**
 * Timeouts and retries of every activity, in groups. The README's table is written from
 * this file; change both together.
 *
 * Why these numbers: offline steps (files on the asset store) either work at once or fail the same
 * way again, so they get a few quick attempts. AWS calls meet throttling and eventual consistency,
 * so they retry with backoff for as long as half an hour; `scheduleToCloseTimeout` is what bounds
 * them. `watchStack` waits up to a minute per call and heartbeats, so a dead worker is noticed
 * within a minute and another worker resumes the wait.
 */
import type { FailureType } from '@kube-aws/aws';
import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';

/**
 * Every non-retryable failure type of the activity contract. A `Record` over `FailureType`, so a
 * type added to `FAILURE_TYPES` fails the type-check here until it is listed (workflow code may
 * import `@kube-aws/aws` only as types, so the list cannot be read from there at run time).
 */
const NON_RETRYABLE: Record<FailureType, true> = {
  ConfigInvalid: true,
  AssetsInvalid: true,
  AssetsMissing: true,
  PreflightFailed: true,
  TemplateInvalid: true,
  AccessDenied: true,
  ForeignStack: true,
  StackFailed: true,
  StackGone: true,
  StackBusy: true,
  AwsRequestInvalid: true,
  CredentialRejected: true,
  KubernetesForbidden: true,
  ApiServerUntrusted: true,
};

/** Failure types that are never retried, whether or not the activity marked them non-retryable. */
export const NON_RETRYABLE_ERROR_TYPES: readonly string[] = Object.keys(NON_RETRYABLE);

const AWS_RETRY: RetryPolicy = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  // Unlimited attempts: scheduleToCloseTimeout bounds the total.
  nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
};

/** initCluster, loadCluster, renderAssets, validateAssets: local files, a few quick attempts. */
export const OFFLINE_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  },
};

/** Single AWS calls (describe, deploy, delete, upload, preflight …). */
export const AWS_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '30 minutes',
  retry: AWS_RETRY,
};

/** cleanupKubernetesResources deletes load balancers and volumes and waits for them to go. */
export const CLEANUP_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  scheduleToCloseTimeout: '30 minutes',
  retry: AWS_RETRY,
};

/** watchStack: one call waits at most {@link WATCH_MAX_WAIT_SECONDS}, heartbeating. */
export const WATCH_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '60 seconds',
  scheduleToCloseTimeout: '30 minutes',
  retry: AWS_RETRY,
};

/** How long one watchStack call may wait for news before it returns (the loop calls it again). */
export const WATCH_MAX_WAIT_SECONDS = 60;

/** How long one observeKubernetes call polls before it returns its snapshot (the loop calls it again). */
export const OBSERVE_MAX_WAIT_SECONDS = 30;

/**
 * observeKubernetes: polls for at most {@link OBSERVE_MAX_WAIT_SECONDS}, heartbeating every poll
 * (at most 10 s apart, plus a request's 10 s timeout), so a dead worker is noticed within 30 s.
 */
export const OBSERVE_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '60 seconds',
  heartbeatTimeout: '30 seconds',
  scheduleToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES] },
};

/**
 * checkClusterCredentials: one SelfSubjectReview per credential. An API server that stops
 * answering makes it fail retryably (`ApiServerUnreachable`); verify bounds the retries by its own
 * deadline (`scheduleToCloseTimeout` is set per call to the time left).
 */
export function credentialCheckOptions(timeLeftMs: number): ActivityOptions {
  return {
    startToCloseTimeout: '2 minutes',
    scheduleToCloseTimeout: Math.max(1000, timeLeftMs),
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES] },
  };
}
