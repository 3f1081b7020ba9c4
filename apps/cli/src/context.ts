import type { Output } from './output.js';

/** What every command gets: where it works and where it writes. */
export interface CommandContext {
  /** The asset directory: cluster.yaml, credentials/, userdata/ … (the working directory, as in kube-aws). */
  readonly dir: string;
  readonly output: Output;
}
