/**
 * What a CloudFormation stack status means for the next step, and the names of the stack outputs
 * and parameter the workflows read. The names are declared by `@kube-aws/render`
 * (`stack/outputs.ts`, `stack/logical-ids.ts`); they are repeated here because workflow code may
 * not load render at run time.
 */
import type { StackPhase, StackSnapshot, WatchStackInput } from '@kube-aws/aws';

export const OUTPUT_ASSETS_BUCKET = 'AssetsBucket';
export const OUTPUT_CONTROLLER_IP = 'ControllerIP';
export const OUTPUT_VPC_ID = 'VpcId';
export const PHASE_PARAMETER = 'Phase';

/** Statuses from which an update (the next deploy) can start. */
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/** No stack, or one CloudFormation has finished deleting. */
export function isGone(stack: StackSnapshot | null): stack is null {
  return stack === null || stack.status === 'DELETE_COMPLETE';
}

export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS');
}

export function isUpdatable(status: string): boolean {
  return UPDATABLE.has(status);
}

/**
 * A stack that exists but can only be deleted: a failed create (CREATE_FAILED, ROLLBACK_COMPLETE,
 * ROLLBACK_FAILED), a failed delete, or a failed update rollback.
 */
export function isBroken(status: string): boolean {
  return status !== 'DELETE_COMPLETE' && !isInProgress(status) && !isUpdatable(status);
}

/** The operation an in-progress status belongs to, for watching it to the end. */
export function operationOf(status: string): WatchStackInput['operation'] {
  if (status.startsWith('DELETE_')) return 'DELETE';
  if (status.startsWith('UPDATE_') || status.startsWith('IMPORT_')) return 'UPDATE';
  return 'CREATE';
}

/** The `Phase` the stack was last deployed with; `undefined` when the parameter is absent. */
export function phaseOf(stack: StackSnapshot): StackPhase | undefined {
  const phase = stack.parameters[PHASE_PARAMETER];
  return phase === 'assets' || phase === 'nodes' ? phase : undefined;
}
