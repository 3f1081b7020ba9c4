import type { DurableDeps } from './durable/durable-deps.js';
import type { Output } from './output.js';

/** What every command gets: where it works and where it writes. */
export interface CommandContext {
  /** The asset directory: cluster.yaml, credentials/, userdata/ … (the working directory, as in kube-aws). */
  readonly dir: string;
  readonly output: Output;
  /** The environment (TEMPORAL_*, AWS_*, KUBE_AWS_*); process.env unless a test passes its own. */
  readonly env: NodeJS.ProcessEnv;
  /** Temporal, AWS identity, Ctrl-C and time for the durable commands; replaceable in tests. */
  readonly durable: DurableDeps;
}
