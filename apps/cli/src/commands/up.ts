import type { Command } from 'commander';
import type { UpInput, UpResult } from '@kube-aws/workflows';
import type { CommandContext } from '../context.js';
import { loadRunDurable } from './load-durable.js';
import type { Output } from '../output.js';
import { noteAwsDebug, printClusterInfo } from './cluster-info.js';
import { addCommonDurableOptions, addUpOptions, upOptions } from './durable-options.js';
import type { UpFlags } from './durable-options.js';
import { exportStackTemplate } from './export-template.js';
import { loadConfigFor } from './load-config.js';

interface UpCommandFlags extends UpFlags {
  readonly export?: boolean;
}

/** The seed's closing lines of a successful `up` (and `provision`). */
export function printUpSuccess(output: Output, result: UpResult): void {
  if (result.alreadyUp) {
    output.say(`Nothing to do: stack ${result.clusterName} is already ${result.stackStatus} with this configuration.`);
    printClusterInfo(output, result.clusterName, result.controllerIP);
    return;
  }
  output.say('Success! Your AWS resources have been created:');
  printClusterInfo(output, result.clusterName, result.controllerIP);
  output.say();
  output.say('The containers that power your cluster are now being downloaded.');
  output.say();
  output.say('You should be able to access the Kubernetes API once the containers finish downloading.');
  if (result.nodes) {
    const running = result.nodes.workers.filter((w) => w.state === 'running').length;
    output.note(`Nodes: controller ${result.nodes.controller?.state ?? 'missing'}, workers ${running}/${result.nodes.expectedWorkers} running`);
  }
}

export function registerUp(program: Command, context: () => CommandContext): void {
  const command = program
    .command('up')
    .description("Create the cluster's AWS resources as a durable workflow; run it again to attach to a running one")
    .option('--export', 'write <clusterName>.stack-template.json with its parameters instead of creating anything (offline)')
    .option('--verify', 'after the stack, wait until the controller and every worker instance run');
  addUpOptions(command);
  addCommonDurableOptions(command);
  command.action(async (flags: UpCommandFlags) => {
    const ctx = context();
    const { output } = ctx;
    const config = await loadConfigFor(ctx);
    if (flags.export) {
      output.result(await exportStackTemplate(ctx, config));
      return;
    }
    noteAwsDebug(flags, output);
    const options = upOptions(flags, flags.verify ? true : undefined);
    const runDurable = await loadRunDurable();
    const outcome = await runDurable<UpResult>(ctx, {
      command: 'up',
      clusterName: config.clusterName,
      region: config.region,
      kmsKeyArn: config.kmsKeyArn,
      ...(flags.assetsUri !== undefined ? { assetsUri: flags.assetsUri } : {}),
      commandLine: 'kube-aws up',
      failurePrefix: 'Error creating cluster',
      wait: flags.wait !== false,
      input: (common): UpInput => ({ ...common, ...options }),
      announce: 'Creating AWS resources. This should take around 5 minutes.',
    });
    if (outcome.result) printUpSuccess(output, outcome.result);
    output.result(outcome);
  });
}
