/**
 * Reading a stack and its events from CloudFormation: by name or id, with "does not exist" as
 * `null` rather than an error, and events paged (newest first, as the API returns them) only as
 * far back as the caller needs.
 */
import { DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient, Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import type { StackEventView } from '../contract.js';
import { GONE_STATUS } from './stack-status.js';

/** The one method the stack activities use, so tests can pass a small fake. */
export type CfnClient = Pick<CloudFormationClient, 'send'>;

/** DescribeStackEvents pages read at most per look-up (100 events a page on AWS). */
export const MAX_EVENT_PAGES = 50;

/** CloudFormation's answer for a stack that is not there: `ValidationError` "… does not exist". */
export function isStackMissing(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | null;
  return e?.name === 'ValidationError' && /does not exist/.test(e.message ?? '');
}

/** The stack, or `null` when it does not exist or is DELETE_COMPLETE (a stack id still resolves then). */
export async function findStack(cfn: CfnClient, nameOrId: string, signal?: AbortSignal): Promise<Stack | null> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: nameOrId }), { abortSignal: signal });
    const stack = out.Stacks?.[0];
    return stack === undefined || stack.StackStatus === GONE_STATUS ? null : stack;
  } catch (e) {
    if (isStackMissing(e)) return null;
    throw e;
  }
}

function record<T>(items: readonly T[] | undefined, key: (t: T) => string | undefined, value: (t: T) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const k = key(item);
    const v = value(item);
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

export function tagsOf(stack: Stack): Record<string, string> {
  return record(stack.Tags, (t) => t.Key, (t) => t.Value);
}

export function parametersOf(stack: Stack): Record<string, string> {
  return record(stack.Parameters, (p) => p.ParameterKey, (p) => p.ParameterValue);
}

export function outputsOf(stack: Stack): Record<string, string> {
  return record(stack.Outputs, (o) => o.OutputKey, (o) => o.OutputValue);
}

/** Pages of events, newest first; stops when the stack is gone (nothing more to read). */
export async function* eventPages(cfn: CfnClient, nameOrId: string, signal?: AbortSignal): AsyncGenerator<StackEvent[]> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_EVENT_PAGES; page++) {
    let out;
    try {
      out = await cfn.send(new DescribeStackEventsCommand({ StackName: nameOrId, NextToken: nextToken }), { abortSignal: signal });
    } catch (e) {
      if (isStackMissing(e)) return;
      throw e;
    }
    yield out.StackEvents ?? [];
    nextToken = out.NextToken;
    if (nextToken === undefined) return;
  }
}

/**
 * Events newer than `afterEventId`, oldest first; all of them when it is undefined or was not
 * found (it belonged to a stack of the same name that is gone, say).
 */
export async function eventsAfter(cfn: CfnClient, nameOrId: string, afterEventId: string | undefined, signal?: AbortSignal): Promise<StackEvent[]> {
  const newer: StackEvent[] = [];
  for await (const page of eventPages(cfn, nameOrId, signal)) {
    for (const event of page) {
      if (afterEventId !== undefined && event.EventId === afterEventId) return newer.reverse();
      newer.push(event);
    }
  }
  return newer.reverse();
}

/** The id of the stack's newest event: where a watch of the next operation starts. */
export async function newestEventId(cfn: CfnClient, nameOrId: string): Promise<string | undefined> {
  for await (const page of eventPages(cfn, nameOrId)) return page[0]?.EventId;
  return undefined;
}

/**
 * Where an operation started with `requestToken` begins in the stack's events: the id of the
 * event just before the first one carrying the token (CloudFormation stamps each event of an
 * operation with its ClientRequestToken). `found: false` when no event carries it.
 */
export async function findOperationStart(
  cfn: CfnClient,
  nameOrId: string,
  requestToken: string,
): Promise<{ readonly found: boolean; readonly sinceEventId?: string }> {
  let found = false;
  for await (const page of eventPages(cfn, nameOrId)) {
    for (const event of page) {
      if (event.ClientRequestToken === requestToken) found = true;
      else if (found) return { found, sinceEventId: event.EventId };
    }
  }
  return { found };
}

export function toEventView(e: StackEvent): StackEventView {
  return {
    eventId: e.EventId ?? '',
    timestamp: (e.Timestamp ?? new Date(0)).toISOString(),
    logicalId: e.LogicalResourceId ?? '',
    resourceType: e.ResourceType ?? '',
    status: e.ResourceStatus ?? '',
    ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
  };
}
