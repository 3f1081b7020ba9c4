/** Running activities the way a worker does: inside an activity Context (heartbeats, cancellation). */
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import assert from 'node:assert/strict';

export function runActivity<R>(fn: () => Promise<R>): Promise<R> {
  return new MockActivityEnvironment().run(fn);
}

/** Asserts `promise` rejects with an ApplicationFailure of `type` and `nonRetryable`; returns it. */
export async function rejectsWithFailure(promise: Promise<unknown>, type: string, nonRetryable = true): Promise<ApplicationFailure> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(caught)}`);
  assert.equal(caught.type, type, caught.message);
  assert.equal(caught.nonRetryable, nonRetryable, caught.message);
  return caught;
}
