/**
 * Refuse to start a workflow nobody will run. Temporal would accept it and the CLI would sit at
 * "step: init" forever; instead it asks the task queue who polls it. A worker that has just been
 * started may not have polled yet, so the question is repeated for a short window.
 */
import { NoWorkerError } from '../errors.js';
import type { TemporalSession } from './temporal-session.js';

export interface WorkerWaitOptions {
  /** How long to keep asking before giving up (default ~3 s). */
  readonly windowMs: number;
  readonly intervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/** Resolves once a worker polls `taskQueue`; throws {@link NoWorkerError} when none did within the window. */
export async function waitForWorker(session: TemporalSession, taskQueue: string, options: WorkerWaitOptions): Promise<void> {
  const deadline = options.now() + options.windowMs;
  for (;;) {
    if ((await session.workflowPollers(taskQueue)) > 0) return;
    if (options.now() + options.intervalMs > deadline) throw new NoWorkerError(taskQueue, session.address);
    await options.sleep(options.intervalMs);
  }
}
