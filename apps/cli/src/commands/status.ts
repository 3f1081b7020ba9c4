import type { Command } from 'commander';
import type { StatusInput, StatusResult } from '@kube-aws/workflows';
import type { CommandContext } from '../context.js';
import { loadRunDurable } from './load-durable.js';
import { WorkflowRunError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { printClusterInfo } from './cluster-info.js';
import { addCommonDurableOptions } from './durable-options.js';
import type { CommonDurableFlags } from './durable-options.js';
import { loadConfigFor } from './load-config.js';

/** Stack states in which the Info table says all there is to say (kube-aws printed nothing else). */
const SETTLED_OK = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

export function registerStatus(program: Command, context: () => CommandContext): void {
  const command = program.command('status').description("Print the cluster's name and controller IP (a read-only workflow)");
  addCommonDurableOptions(command, { noWait: false });
  command.action(async (flags: CommonDurableFlags) => {
    const ctx = context();
    const { output } = ctx;
    const config = await loadConfigFor(ctx);
    const runDurable = await loadRunDurable();
    const outcome = await runDurable<StatusResult>(ctx, {
      command: 'status',
      clusterName: config.clusterName,
      region: config.region,
      kmsKeyArn: config.kmsKeyArn,
      ...(flags.assetsUri !== undefined ? { assetsUri: flags.assetsUri } : {}),
      commandLine: 'kube-aws status',
      failurePrefix: 'Failed fetching cluster info',
      wait: true,
      input: (common): StatusInput => common,
    });
    const status = outcome.result as StatusResult;
    if (!status.exists) {
      throw new WorkflowRunError(
        `Failed fetching cluster info: there is no stack ${config.clusterName} in ${config.region}. Create it with: kube-aws up`,
        ExitCode.Failure,
        outcome.workflowId,
      );
    }
    printClusterInfo(output, status.clusterName, status.controllerIP);
    if (status.stackStatus && !SETTLED_OK.has(status.stackStatus)) {
      output.say(`Stack Status:\t${status.stackStatus}${status.statusReason ? ` (${status.statusReason})` : ''}`);
    }
    output.result(outcome);
  });
}
