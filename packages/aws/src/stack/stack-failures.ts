/**
 * Why an operation failed, from the stack's events: the resources whose events say *_FAILED in
 * the window of the latest operation, root causes first. The "Resource creation cancelled" events
 * CloudFormation writes for the innocent bystanders are dropped when a real cause exists.
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { StackFailure } from '../contract.js';
import { eventPages } from './stack-reads.js';
import type { CfnClient } from './stack-reads.js';
import type { StackOperation } from './stack-status.js';

const STACK_TYPE = 'AWS::CloudFormation::Stack';

/** Knock-on failures: resources CloudFormation stopped because another one failed. */
function isCancellationNoise(reason: string): boolean {
  return /^Resource (creation|update|deletion) cancelled/i.test(reason);
}

function isStackEvent(e: StackEvent, stackName: string): boolean {
  return e.ResourceType === STACK_TYPE && e.LogicalResourceId === stackName;
}

/**
 * Failures among `events` (oldest first, one operation's window). The stack's own failed event
 * is used only when no resource failed (its reason then is the only explanation there is).
 */
export function failuresFromEvents(events: readonly StackEvent[], stackName: string): StackFailure[] {
  const failed = events.filter((e) => (e.ResourceStatus ?? '').endsWith('_FAILED'));
  const toFailure = (e: StackEvent): StackFailure => ({
    logicalId: e.LogicalResourceId ?? '',
    resourceType: e.ResourceType ?? '',
    status: e.ResourceStatus ?? '',
    reason: e.ResourceStatusReason ?? '(no reason given)',
  });
  const resources = failed.filter((e) => !isStackEvent(e, stackName));
  const causes = resources.filter((e) => !isCancellationNoise(e.ResourceStatusReason ?? ''));
  const chosen = causes.length > 0 ? causes : resources.length > 0 ? resources : failed;
  // One entry per resource: its first failure is the cause, later ones (rollback) are echoes.
  const seen = new Set<string>();
  const out: StackFailure[] = [];
  for (const e of chosen) {
    const key = `${e.LogicalResourceId}/${e.ResourceStatus}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toFailure(e));
  }
  return out;
}

/**
 * The events of the stack's latest `operation` (oldest first): read back from the newest event
 * to the stack's own `<OPERATION>_IN_PROGRESS` event that began it.
 */
export async function latestOperationEvents(
  cfn: CfnClient,
  nameOrId: string,
  stackName: string,
  operation: StackOperation,
  signal?: AbortSignal,
): Promise<StackEvent[]> {
  const window: StackEvent[] = [];
  const start = `${operation}_IN_PROGRESS`;
  for await (const page of eventPages(cfn, nameOrId, signal)) {
    for (const event of page) {
      window.push(event);
      if (isStackEvent(event, stackName) && event.ResourceStatus === start) return window.reverse();
    }
  }
  return window.reverse();
}

/** The failures of the stack's latest `operation`, with the stack's status reason as a last resort. */
export async function operationFailures(
  cfn: CfnClient,
  nameOrId: string,
  stackName: string,
  operation: StackOperation,
  status: string,
  statusReason: string | undefined,
  signal?: AbortSignal,
): Promise<StackFailure[]> {
  const failures = failuresFromEvents(await latestOperationEvents(cfn, nameOrId, stackName, operation, signal), stackName);
  if (failures.length > 0 || statusReason === undefined) return failures;
  return [{ logicalId: stackName, resourceType: STACK_TYPE, status, reason: statusReason }];
}
