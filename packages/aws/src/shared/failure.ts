/**
 * Non-retryable activity failures of this package's activities. The type is always one of
 * {@link FAILURE_TYPES}, so the CLI can tell the user's mistakes (exit 2) from infrastructure faults.
 * Messages name files, keys and resources, never key material.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FailureType } from '../contract.js';
import type { RetryableFailureType } from '../failures.js';

export function nonRetryable(type: FailureType, message: string, ...details: unknown[]): ApplicationFailure {
  return ApplicationFailure.create({ message, type, nonRetryable: true, details });
}

/**
 * A failure Temporal retries with the activity's backoff: AWS state that settles by itself
 * (a security group still referenced by a load balancer's interfaces that are going away).
 */
export function retryableConflict(message: string, type: RetryableFailureType = 'AwsConflict'): ApplicationFailure {
  return ApplicationFailure.create({ message, type, nonRetryable: false });
}
