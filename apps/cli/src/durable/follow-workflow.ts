/**
 * Follows a workflow run to its end: asks the `progress` query about once a second and prints what
 * is new, while waiting for the result. Ctrl-C detaches (the workflow is never cancelled from
 * here): polling stops, the result wait is aborted and {@link DetachedError} says how to re-attach.
 */
import type { Progress } from '@kube-aws/workflows';
import { DetachedError } from '../errors.js';
import { ProgressRenderer, statusText } from './progress-renderer.js';
import type { ProgressView } from './progress-view.js';
import type { ExecutionInfo, TemporalSession } from './temporal-session.js';

export interface FollowOptions {
  readonly session: TemporalSession;
  readonly execution: ExecutionInfo;
  readonly view: ProgressView;
  readonly pollIntervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Subscribes to Ctrl-C; returns the unsubscribe function. */
  readonly onInterrupt: (listener: () => void) => () => void;
  /** The command that attaches again, e.g. `kube-aws up`, for the detach message. */
  readonly reattach: string;
  /** A read-only workflow: the detach message points at `reattach` as a link to follow, not a command. */
  readonly readOnly?: boolean;
}

export type FollowOutcome =
  | { readonly ok: true; readonly value: unknown; readonly progress?: Progress }
  | { readonly ok: false; readonly error: unknown; readonly progress?: Progress };

/** The last events of a finished run are fetched with one more query, bounded so a missing worker cannot hang the CLI. */
const FINAL_QUERY_WAIT_MS = 3_000;

export async function followWorkflow(options: FollowOptions): Promise<FollowOutcome> {
  const { session, execution, view } = options;
  const renderer = new ProgressRenderer();
  const abort = new AbortController();
  let last: Progress | undefined;

  let stop!: (why: 'done' | 'detached') => void;
  const stopped = new Promise<'done' | 'detached'>((resolve) => (stop = resolve));
  let state: 'following' | 'done' | 'detached' = 'following';

  const poll = async (): Promise<void> => {
    try {
      const progress = await session.queryProgress(execution.workflowId, execution.runId);
      last = progress;
      for (const line of renderer.update(progress)) view.line(line);
      view.status(statusText(progress, options.now()));
    } catch {
      // A query can fail while the worker restarts or before the first workflow task ran; the
      // next poll asks again, and the result wait below is what decides the outcome.
    }
  };

  const unsubscribe = options.onInterrupt(() => {
    if (state !== 'following') return;
    state = 'detached';
    abort.abort();
    stop('detached');
  });

  const result: Promise<FollowOutcome> = session.result(execution.workflowId, execution.runId, abort.signal).then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
  void result.then(() => {
    if (state === 'following') state = 'done';
    stop('done');
  });

  const loop = (async () => {
    while (state === 'following') {
      await poll();
      if (state !== 'following') break;
      await Promise.race([options.sleep(options.pollIntervalMs), stopped]);
    }
  })();

  try {
    if ((await stopped) === 'detached') throw new DetachedError(execution.workflowId, options.reattach, options.readOnly);
    await loop;
    // The run is over; one more answer carries the events that arrived since the last poll.
    await Promise.race([poll(), options.sleep(FINAL_QUERY_WAIT_MS)]);
    const outcome = await result;
    return last ? { ...outcome, progress: last } : outcome;
  } finally {
    unsubscribe();
    view.stop();
  }
}
