/**
 * The kube-aws command line. `runCli` is exported for tests and embedding; the executable is
 * `bin/kube-aws.mjs`.
 */
export { runCli } from './program.js';
export type { RunOptions } from './program.js';
export { ExitCode } from './exit-codes.js';
