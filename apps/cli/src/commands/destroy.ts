import type { Command } from 'commander';
import type { DestroyInput, DestroyResult } from '@kube-aws/workflows';
import type { CommandContext } from '../context.js';
import { loadRunDurable } from './load-durable.js';
import { noteAwsDebug } from './cluster-info.js';
import { addCommonDurableOptions } from './durable-options.js';
import type { CommonDurableFlags } from './durable-options.js';
import { loadConfigFor } from './load-config.js';

export function registerDestroy(program: Command, context: () => CommandContext): void {
  const command = program
    .command('destroy')
    .description("Delete the cluster's AWS resources as a durable workflow; run it again to attach to a running one");
  addCommonDurableOptions(command);
  command.action(async (flags: CommonDurableFlags) => {
    const ctx = context();
    const { output } = ctx;
    const config = await loadConfigFor(ctx);
    noteAwsDebug(flags, output);
    const runDurable = await loadRunDurable();
    const outcome = await runDurable<DestroyResult>(ctx, {
      command: 'destroy',
      clusterName: config.clusterName,
      region: config.region,
      kmsKeyArn: config.kmsKeyArn,
      ...(flags.assetsUri !== undefined ? { assetsUri: flags.assetsUri } : {}),
      commandLine: 'kube-aws destroy',
      failurePrefix: 'Failed destroying cluster',
      wait: flags.wait !== false,
      input: (common): DestroyInput => common,
      announce: 'CloudFormation stack is being destroyed. This will take several minutes',
    });
    const result = outcome.result;
    if (result?.alreadyGone) output.say(`Nothing to destroy: there is no stack ${config.clusterName} in ${config.region}.`);
    else if (result) output.say(`Success! The AWS resources of cluster ${config.clusterName} have been deleted.`);
    output.result(outcome);
  });
}
