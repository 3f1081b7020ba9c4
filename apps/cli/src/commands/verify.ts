import type { Command } from 'commander';
import type { VerifyInput, VerifyResult } from '@kube-aws/workflows';
import type { CommandContext } from '../context.js';
import { CliUsageError } from '../errors.js';
import { printClusterInfo } from './cluster-info.js';
import { addCommonDurableOptions } from './durable-options.js';
import type { CommonDurableFlags } from './durable-options.js';
import { loadConfigFor } from './load-config.js';
import { loadRunDurable } from './load-durable.js';
import { printVerified } from './up.js';

interface VerifyFlags extends CommonDurableFlags {
  readonly timeout?: string;
}

/** `--timeout` in seconds: a positive whole number. */
function timeoutSeconds(flags: VerifyFlags): number | undefined {
  if (flags.timeout === undefined) return undefined;
  const seconds = Number(flags.timeout);
  if (!Number.isInteger(seconds) || seconds <= 0) throw new CliUsageError(`--timeout ${flags.timeout}: give the number of seconds to wait, e.g. --timeout 900`);
  return seconds;
}

/**
 * `kube-aws verify`: a read-only workflow that waits until the instances run, the API server
 * answers, every rendered client credential authenticates, every node is Ready and kube-system is
 * available; then prints the nodes as `kubectl get nodes` does.
 */
export function registerVerify(program: Command, context: () => CommandContext): void {
  const command = program
    .command('verify')
    .description('Wait until every node is Ready and kube-system runs (a read-only workflow), then print the nodes')
    .option('--timeout <seconds>', 'how long to wait before failing with what is not ready (default 900)');
  addCommonDurableOptions(command, { noWait: false });
  command.action(async (flags: VerifyFlags) => {
    const ctx = context();
    const { output } = ctx;
    const timeout = timeoutSeconds(flags);
    const config = await loadConfigFor(ctx);
    const runDurable = await loadRunDurable();
    const outcome = await runDurable<VerifyResult>(ctx, {
      command: 'verify',
      clusterName: config.clusterName,
      region: config.region,
      kmsKeyArn: config.kmsKeyArn,
      ...(flags.assetsUri !== undefined ? { assetsUri: flags.assetsUri } : {}),
      commandLine: 'kube-aws verify',
      failurePrefix: 'Error verifying cluster',
      wait: true,
      input: (common): VerifyInput => ({ ...common, ...(timeout === undefined ? {} : { timeoutSeconds: timeout }) }),
    });
    const result = outcome.result as VerifyResult;
    printClusterInfo(output, result.clusterName, result.controllerIP);
    printVerified(output, result);
    output.result(outcome);
  });
}
