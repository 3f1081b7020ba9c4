/**
 * `describeStack`: the stack as the workflows see it (status, outputs, parameters and tags as
 * records), or `null` when there is no such stack (or only a DELETE_COMPLETE one).
 */
import type { Stack } from '@aws-sdk/client-cloudformation';
import { STACK_OWNER_TAG } from '../contract.js';
import type { StackRef, StackSnapshot } from '../contract.js';
import { classified } from '../failures.js';
import type { StackActivityContext } from './stack-activity-context.js';
import { findStack, outputsOf, parametersOf, tagsOf } from './stack-reads.js';

export function toSnapshot(stack: Stack, fallbackName: string): StackSnapshot {
  const tags = tagsOf(stack);
  return {
    stackId: stack.StackId ?? '',
    stackName: stack.StackName ?? fallbackName,
    status: stack.StackStatus ?? '',
    ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
    outputs: outputsOf(stack),
    parameters: parametersOf(stack),
    tags,
    // StackRef names no cluster, so any kube-aws owner tag counts; deployStack checks the name.
    ownedByKubeAws: tags[STACK_OWNER_TAG] !== undefined,
  };
}

export async function describeStack(ctx: StackActivityContext, input: StackRef): Promise<StackSnapshot | null> {
  const cfn = ctx.clientsFor(input.region).cloudFormation;
  const stack = await classified({ action: `read stack ${input.stackName} in ${input.region}` }, () =>
    findStack(cfn, input.stackId ?? input.stackName),
  );
  return stack === null ? null : toSnapshot(stack, input.stackName);
}
