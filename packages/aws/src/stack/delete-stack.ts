/**
 * `deleteStack`: DeleteStack on a kube-aws stack from whatever state it is left in (CREATE_FAILED,
 * ROLLBACK_COMPLETE, DELETE_FAILED, a settled cluster), or nothing when it is already gone.
 *
 * A DELETE_FAILED stack is simply deleted again, never with RetainResources: what usually blocks
 * a delete is something Kubernetes made in the VPC (load balancers, volumes, ENIs), which the
 * workflow's cleanup step removes first, and retaining resources would leave billed ones behind
 * without anyone noticing. If the second delete fails too, the watch reports the resources and
 * their reasons, and the user decides.
 */
import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { STACK_OWNER_TAG } from '../contract.js';
import type { DeleteStackResult, StackRef } from '../contract.js';
import { ForeignStackError, StackBusyError } from '../errors.js';
import { classified, toActivityFailure } from '../failures.js';
import { deleteRequestToken } from './request-names.js';
import type { StackActivityContext } from './stack-activity-context.js';
import { findStack, newestEventId, tagsOf } from './stack-reads.js';
import { isInProgress } from './stack-status.js';

/** {@link DeleteStackResult} plus where the delete's events begin, for the watch. */
export interface DeleteStackOutcome extends DeleteStackResult {
  /** The stack's newest event before the delete: watch with `afterEventId` set to it. */
  readonly sinceEventId?: string;
}

/** In progress, but DeleteStack may still be called (CloudFormation stops a create to delete). */
const DELETABLE_IN_PROGRESS = new Set(['CREATE_IN_PROGRESS', 'REVIEW_IN_PROGRESS']);

export async function deleteStack(ctx: StackActivityContext, input: StackRef): Promise<DeleteStackOutcome> {
  const cfn = ctx.clientsFor(input.region).cloudFormation;
  const action = `delete stack ${input.stackName} in ${input.region}`;
  const stack = await classified({ action }, () => findStack(cfn, input.stackId ?? input.stackName));
  if (stack === null) return { alreadyGone: true };

  const owner = tagsOf(stack)[STACK_OWNER_TAG];
  if (owner === undefined) throw new ForeignStackError(input.stackName, undefined, undefined);
  const stackId = stack.StackId ?? input.stackName;
  const status = stack.StackStatus ?? '';
  if (status === 'DELETE_IN_PROGRESS') return { stackId, alreadyGone: false };
  if (isInProgress(status) && !DELETABLE_IN_PROGRESS.has(status)) throw new StackBusyError(input.stackName, status, 'delete it');

  const sinceEventId = await classified({ action }, () => newestEventId(cfn, stackId));
  const result = { stackId, alreadyGone: false, ...(sinceEventId === undefined ? {} : { sinceEventId }) };
  try {
    await cfn.send(new DeleteStackCommand({ StackName: stackId, ClientRequestToken: deleteRequestToken(stackId, sinceEventId) }));
  } catch (e) {
    // The request failed, but did the delete start (or, on moto, finish) anyway? Then it is done.
    const after = await classified({ action }, () => findStack(cfn, stackId));
    if (after === null || after.StackStatus === 'DELETE_IN_PROGRESS') return result;
    throw toActivityFailure(e, { action });
  }
  return result;
}
