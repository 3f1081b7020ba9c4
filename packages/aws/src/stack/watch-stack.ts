/**
 * `watchStack`: one bounded wait on a stack operation. Polls DescribeStacks and the events newer
 * than the caller's cursor, backing off (2 s, ×1.5, capped at 30 s, full jitter) while nothing
 * happens, and returns as soon as there is news, the operation has settled, or `maxWaitSeconds`
 * has passed; the workflow calls it again with the last event it saw.
 *
 * It heartbeats `{ afterEventId, delayMs }`, so a retry after a worker died resumes with the same
 * cursor and backoff; cancellation interrupts both the sleep and the requests in flight.
 */
import { Context } from '@temporalio/activity';
import type { WatchStackInput, WatchStackResult } from '../contract.js';
import { classified } from '../failures.js';
import { jittered, nextDelay, WATCH_INITIAL_DELAY_MS } from './poll-timing.js';
import type { StackActivityContext } from './stack-activity-context.js';
import { operationFailures } from './stack-failures.js';
import { eventsAfter, findStack, toEventView } from './stack-reads.js';
import { GONE_STATUS, settlement } from './stack-status.js';

/** What `watchStack` heartbeats, and reads back on a retry. */
export interface WatchHeartbeat {
  readonly afterEventId?: string;
  readonly delayMs: number;
}

/** Events returned per call at most; the rest come with the next call (keeps results small). */
export const MAX_EVENTS_PER_WATCH = 250;

function resumedFrom(details: unknown): WatchHeartbeat | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const d = details as Partial<WatchHeartbeat>;
  if (typeof d.delayMs !== 'number' || !Number.isFinite(d.delayMs) || d.delayMs <= 0) return undefined;
  return { delayMs: d.delayMs, ...(typeof d.afterEventId === 'string' ? { afterEventId: d.afterEventId } : {}) };
}

export async function watchStack(ctx: StackActivityContext, input: WatchStackInput): Promise<WatchStackResult> {
  const activity = Context.current();
  const signal = activity.cancellationSignal;
  const resumed = resumedFrom(activity.info.heartbeatDetails);
  const afterEventId = resumed?.afterEventId ?? input.afterEventId;
  let delay = resumed?.delayMs ?? WATCH_INITIAL_DELAY_MS;

  const cfn = ctx.clientsFor(input.region).cloudFormation;
  // The id still resolves once the stack is deleted (the name does not), so prefer it.
  const ref = input.stackId || input.stackName;
  const action = `watch stack ${input.stackName} (${input.operation})`;
  const deadline = ctx.timing.now() + input.maxWaitSeconds * 1000;

  for (;;) {
    // Status first, then events: every event up to that status is then in the page read after it.
    const stack = await classified({ action }, () => findStack(cfn, ref, signal));
    const status = stack?.StackStatus ?? GONE_STATUS;
    const fresh = await classified({ action }, () => eventsAfter(cfn, ref, afterEventId, signal));
    const state = settlement(input.operation, status);

    if (fresh.length > 0 || state.settled) {
      const truncated = fresh.length > MAX_EVENTS_PER_WATCH;
      // Not settled until every event has been handed over, so the caller asks for the rest.
      const settled = state.settled && !truncated;
      const failed = settled && !state.succeeded;
      const failures = failed
        ? await classified({ action }, () =>
            operationFailures(cfn, ref, input.stackName, input.operation, status, stack?.StackStatusReason, signal),
          )
        : [];
      return { status, settled, succeeded: settled && state.succeeded, events: fresh.slice(0, MAX_EVENTS_PER_WATCH).map(toEventView), failures };
    }

    const remaining = deadline - ctx.timing.now();
    if (remaining <= 0) return { status, settled: false, succeeded: false, events: [], failures: [] };
    activity.heartbeat({ ...(afterEventId === undefined ? {} : { afterEventId }), delayMs: delay } satisfies WatchHeartbeat);
    await ctx.timing.sleep(Math.min(remaining, jittered(delay, ctx.timing.random)), signal);
    delay = nextDelay(delay);
  }
}
