/**
 * {@link runUntilSignalled}: run the worker until SIGTERM or SIGINT, then shut it down gracefully
 * (stop polling, let in-flight tasks finish) and return once `run()` has ended. A second signal
 * exits at once. Temporal's own signal handling is turned off in `main`, so this is the only one.
 */
import type { Worker } from '@temporalio/worker';

export interface RunOptions {
  readonly signals?: readonly NodeJS.Signals[];
  readonly log?: (line: string) => void;
}

export async function runUntilSignalled(worker: Worker, options: RunOptions = {}): Promise<void> {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const log = options.log ?? ((line: string) => console.log(line));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`kube-aws worker: ${signal} again, exiting without waiting`);
      process.exit(130);
    }
    stopping = true;
    log(`kube-aws worker: ${signal} received, finishing in-flight tasks (send it again to exit at once)`);
    worker.shutdown();
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    await worker.run();
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}
