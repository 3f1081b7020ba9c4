/**
 * {@link planDeploy}: what a deploy of a phase must do, given the stack as it is now. Pure, so
 * every branch is unit-tested without CloudFormation. The rules, in order:
 *
 * 1. No stack: the assets phase creates it; the nodes phase has nothing to update (StackGone).
 * 2. A stack without this cluster's owner tag is never touched (ForeignStack).
 * 3. REVIEW_IN_PROGRESS (a create change set not yet executed): the assets phase goes on with it.
 * 4. The assets phase finds the stack its own token created (any create status): adopt it.
 * 5. In progress: the assets phase adopts a create under way; the nodes phase adopts an update
 *    under way if it is its own (checked against events and parameters by the caller); anything
 *    else is StackBusy.
 * 6. Updatable: the assets phase on a stack already at `Phase=nodes` has nothing to do (it never
 *    takes nodes away); otherwise update (the caller skips it when nothing differs).
 * 7. Anything else (a failed create, UPDATE_ROLLBACK_FAILED, DELETE_FAILED) is StackFailed.
 */
import type { Stack } from '@aws-sdk/client-cloudformation';
import { PHASE_PARAMETER } from '@kube-aws/render';
import { STACK_OWNER_TAG, STACK_TOKEN_TAG } from '../contract.js';
import type { StackPhase } from '../contract.js';
import { ForeignStackError, StackBusyError, StackFailedError, StackGoneError } from '../errors.js';
import { parametersOf, tagsOf } from './stack-reads.js';
import { brokenStackFix, CREATE_STATUSES, isInProgress, UPDATABLE } from './stack-status.js';

export type DeployPlan =
  | { readonly kind: 'create' }
  | { readonly kind: 'adopt-create'; readonly stackId: string }
  | { readonly kind: 'adopt-update-if-ours'; readonly stackId: string }
  | { readonly kind: 'update'; readonly stackId: string }
  | { readonly kind: 'nothing-to-do'; readonly stackId: string };

export interface PlanInput {
  readonly stack: Stack | null;
  readonly stackName: string;
  readonly clusterName: string;
  readonly phase: StackPhase;
  /** The value the stack's create-token tag has when this deploy's token created it. */
  readonly createToken: string;
}

export function planDeploy(p: PlanInput): DeployPlan {
  const { stack, stackName, phase } = p;
  if (stack === null) {
    if (phase === 'assets') return { kind: 'create' };
    throw new StackGoneError(stackName, 'does not exist, so its nodes phase cannot run (the assets phase creates it)');
  }
  const tags = tagsOf(stack);
  if (tags[STACK_OWNER_TAG] !== p.clusterName) throw new ForeignStackError(stackName, p.clusterName, tags[STACK_OWNER_TAG]);

  const status = stack.StackStatus ?? '';
  const stackId = stack.StackId ?? stackName;
  if (status === 'REVIEW_IN_PROGRESS') {
    if (phase === 'assets') return { kind: 'create' };
    throw new StackGoneError(stackName, 'was never created (REVIEW_IN_PROGRESS: its create change set was not executed)');
  }
  if (phase === 'assets' && CREATE_STATUSES.has(status) && tags[STACK_TOKEN_TAG] === p.createToken) {
    return { kind: 'adopt-create', stackId };
  }
  if (isInProgress(status)) {
    if (phase === 'assets' && status === 'CREATE_IN_PROGRESS') return { kind: 'adopt-create', stackId };
    if (phase === 'nodes' && status.startsWith('UPDATE_')) return { kind: 'adopt-update-if-ours', stackId };
    throw new StackBusyError(stackName, status, `deploy its ${phase} phase`);
  }
  if (UPDATABLE.has(status)) {
    if (phase === 'assets' && parametersOf(stack)[PHASE_PARAMETER] === 'nodes') return { kind: 'nothing-to-do', stackId };
    return { kind: 'update', stackId };
  }
  throw new StackFailedError(stackName, status, [], brokenStackFix(status, stackName));
}
