/**
 * kube-aws's Info table (`Cluster Name:` / `Controller IP:`, tab-separated as its tabwriter left
 * them), printed by `up`, `provision` and `status`.
 */
import type { Output } from '../output.js';
import type { CommonDurableFlags } from './durable-options.js';

/** What `Controller IP` shows while the stack has no controller address yet. */
export const NO_CONTROLLER_IP = '(not assigned yet)';

export function printClusterInfo(output: Output, clusterName: string, controllerIP: string | undefined): void {
  output.say(`Cluster Name:\t${clusterName}`);
  output.say(`Controller IP:\t${controllerIP ?? NO_CONTROLLER_IP}`);
}

/** `--aws-debug` is accepted for kube-aws's scripts; say where the debugging now happens. */
export function noteAwsDebug(flags: CommonDurableFlags, output: Output): void {
  if (flags.awsDebug) output.note("Note: --aws-debug has no effect here; AWS calls run in the worker (raise the worker's log level).");
}
