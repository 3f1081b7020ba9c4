/**
 * What a CloudFormation stack status means: when an operation has settled, whether it succeeded,
 * and which statuses a deploy may start from.
 */
import type { WatchStackInput } from '../contract.js';

export type StackOperation = WatchStackInput['operation'];

/** Statuses that end each operation, successfully or not. */
const TERMINAL: Readonly<Record<StackOperation, { readonly ok: ReadonlySet<string>; readonly failed: ReadonlySet<string> }>> = {
  CREATE: {
    ok: new Set(['CREATE_COMPLETE']),
    // DELETE_*: OnFailure=DELETE removes the stack after a failed create.
    failed: new Set(['CREATE_FAILED', 'ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_COMPLETE', 'DELETE_FAILED']),
  },
  UPDATE: {
    ok: new Set(['UPDATE_COMPLETE']),
    // UPDATE_FAILED: an update executed with DisableRollback (onFailure DO_NOTHING).
    failed: new Set(['UPDATE_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_FAILED', 'DELETE_COMPLETE']),
  },
  DELETE: {
    ok: new Set(['DELETE_COMPLETE']),
    failed: new Set(['DELETE_FAILED']),
  },
};

/** The status a gone stack is reported with (DescribeStacks by name says "does not exist"). */
export const GONE_STATUS = 'DELETE_COMPLETE';

export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS');
}

/** Statuses an update (a change set of type UPDATE) can start from. */
export const UPDATABLE: ReadonlySet<string> = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_FAILED',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

export interface Settlement {
  readonly settled: boolean;
  readonly succeeded: boolean;
}

/**
 * Whether `operation` has ended with the stack in `status`. A status outside the operation's own
 * sets that is not in progress (e.g. UPDATE_COMPLETE while watching a CREATE, because someone
 * updated the stack since) also ends the wait: it counts as success when it is a healthy state.
 */
export function settlement(operation: StackOperation, status: string): Settlement {
  const sets = TERMINAL[operation];
  if (sets.ok.has(status)) return { settled: true, succeeded: true };
  if (sets.failed.has(status)) return { settled: true, succeeded: false };
  if (isInProgress(status)) return { settled: false, succeeded: false };
  return { settled: true, succeeded: UPDATABLE.has(status) && operation !== 'DELETE' };
}

/** Statuses of a stack's first create (and its failure modes), where a create token can be adopted. */
export const CREATE_STATUSES: ReadonlySet<string> = new Set([
  'CREATE_IN_PROGRESS',
  'CREATE_COMPLETE',
  'CREATE_FAILED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_COMPLETE',
  'ROLLBACK_FAILED',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
]);

/** The fix to suggest for a stack that can no longer be updated. */
export function brokenStackFix(status: string, stackName: string): string {
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    return (
      `continue the rollback (aws cloudformation continue-update-rollback --stack-name ${stackName}, ` +
      'skipping the resources that cannot roll back), then run kube-aws up again'
    );
  }
  return 'a stack whose create failed cannot be updated: run kube-aws destroy, fix the cause, and run kube-aws up again';
}
