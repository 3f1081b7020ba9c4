import type { Command } from 'commander';
import type { UpInput, UpResult } from '@kube-aws/workflows';
import type { CommandContext } from '../context.js';
import { loadRunDurable } from './load-durable.js';
import type { Output } from '../output.js';
import { kubernetesSummary, nodeTable } from '../durable/node-table.js';
import { noteAwsDebug, printClusterInfo } from './cluster-info.js';
import { addCommonDurableOptions, addUpOptions, upOptions } from './durable-options.js';
import type { UpFlags } from './durable-options.js';
import { exportStackTemplate } from './export-template.js';
import { loadConfigFor } from './load-config.js';

interface UpCommandFlags extends UpFlags {
  readonly export?: boolean;
}

/**
 * What verify found, when it ran: the EC2 view as a note, and once Kubernetes was checked, the
 * verdict and the node table as `kubectl get nodes` prints it.
 */
export function printVerified(output: Output, result: UpResult): void {
  if (result.nodes && !result.kubernetes) {
    const running = result.nodes.workers.filter((w) => w.state === 'running').length;
    output.note(`Nodes: controller ${result.nodes.controller?.state ?? 'missing'}, workers ${running}/${result.nodes.expectedWorkers} running`);
  }
  if (result.kubernetes) {
    output.say();
    output.say(kubernetesSummary(result.kubernetes));
    output.say();
    for (const line of nodeTable(result.kubernetes.nodes)) output.say(line);
  }
}

/** The seed's closing lines of a successful `up` (and `provision`), then what verify found. */
export function printUpSuccess(output: Output, result: UpResult): void {
  if (result.alreadyUp) {
    output.say(`Nothing to do: stack ${result.clusterName} is already ${result.stackStatus} with this configuration.`);
    printClusterInfo(output, result.clusterName, result.controllerIP);
    printVerified(output, result);
    return;
  }
  output.say('Success! Your AWS resources have been created:');
  printClusterInfo(output, result.clusterName, result.controllerIP);
  if (!result.kubernetes) {
    // The seed's words, for an up that did not wait for Kubernetes.
    output.say();
    output.say('The containers that power your cluster are now being downloaded.');
    output.say();
    output.say('You should be able to access the Kubernetes API once the containers finish downloading.');
  }
  printVerified(output, result);
}

export function registerUp(program: Command, context: () => CommandContext): void {
  const command = program
    .command('up')
    .description("Create the cluster's AWS resources as a durable workflow; run it again to attach to a running one")
    .option('--export', 'write <clusterName>.stack-template.json with its parameters instead of creating anything (offline)')
    .option('--verify', 'after the stack, wait until every node is Ready and kube-system runs, then print the nodes');
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
