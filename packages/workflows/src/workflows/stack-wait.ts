/**
 * {@link waitForStack}: watch a stack operation to its end, one bounded `watchStack` call at a
 * time, feeding every event into the progress. Many short activities rather than one long one:
 * each call's result lands in history, so a worker that dies mid-wait costs at most one call.
 */
import type { WatchStackInput, WatchStackResult } from '@kube-aws/aws';
import { activities } from './activities.js';
import { WATCH_MAX_WAIT_SECONDS } from './activity-options.js';
import type { ProgressTracker } from './progress.js';

export interface StackToWatch {
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly operation: WatchStackInput['operation'];
  /** Events up to and including this one belong to earlier operations. */
  readonly afterEventId?: string;
}

/** Resolves with the settled result (succeeded or not); the caller decides what failure means. */
export async function waitForStack(progress: ProgressTracker, stack: StackToWatch): Promise<WatchStackResult> {
  let afterEventId = stack.afterEventId;
  for (;;) {
    const result = await activities.watchStack({
      region: stack.region,
      stackName: stack.stackName,
      stackId: stack.stackId,
      operation: stack.operation,
      maxWaitSeconds: WATCH_MAX_WAIT_SECONDS,
      ...(afterEventId === undefined ? {} : { afterEventId }),
    });
    progress.addEvents(result.events);
    progress.setStackStatus(result.status);
    const last = result.events[result.events.length - 1];
    if (last) afterEventId = last.eventId;
    if (result.settled) {
      if (!result.succeeded) progress.addFailures(result.failures);
      return result;
    }
  }
}
