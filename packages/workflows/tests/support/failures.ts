/** Assertions on how a workflow failed. */
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';

/** The workflow's failure, which must be an ApplicationFailure of `type`. */
export async function failsWith(result: Promise<unknown>, type: string): Promise<ApplicationFailure> {
  const err = await result.then(
    () => assert.fail(`expected the workflow to fail with ${type}, but it completed`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowFailedError, `expected WorkflowFailedError, got ${String(err)}`);
  assert.ok(err.cause instanceof ApplicationFailure, `expected an ApplicationFailure cause, got ${String(err.cause)}`);
  assert.equal(err.cause.type, type, err.cause.message);
  return err.cause;
}

/** The workflow must have ended cancelled. */
export async function endsCancelled(result: Promise<unknown>): Promise<void> {
  const err = await result.then(
    () => assert.fail('expected the workflow to be cancelled, but it completed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowFailedError, `expected WorkflowFailedError, got ${String(err)}`);
  assert.ok(err.cause instanceof CancelledFailure, `expected a CancelledFailure cause, got ${String(err.cause)}`);
}
