/**
 * The kube-aws command line. `runCli` is exported for tests and embedding; the executable is
 * `bin/kube-aws.mjs`. `RunOptions.durable` replaces the durable commands' outside world
 * ({@link DurableDeps}: the Temporal session, the AWS account lookup, Ctrl-C, time).
 */
export { runCli } from './program.js';
export type { RunOptions } from './program.js';
export { ExitCode } from './exit-codes.js';
export type { DurableDeps } from './durable/durable-deps.js';
export type { ExecutionInfo, StartRequest, TemporalSession } from './durable/temporal-session.js';
