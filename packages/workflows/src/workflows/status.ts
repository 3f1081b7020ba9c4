import type { StatusInput, StatusResult } from '../contract.js';
import { activities } from './activities.js';
import { runCommand } from './run-command.js';
import { isGone, OUTPUT_CONTROLLER_IP } from './stack-state.js';

/** `kube-aws status`: the stack's status and outputs. Read-only. */
export async function statusWorkflow(input: StatusInput): Promise<StatusResult> {
  return runCommand('status', input, 'status', async (progress) => {
    progress.begin('status');
    const cluster = await activities.loadCluster({ assetsUri: input.assetsUri });
    const stack = await activities.describeStack({ region: cluster.region, stackName: cluster.stackName });
    if (isGone(stack)) {
      progress.finish('no stack');
      return { clusterName: cluster.clusterName, exists: false };
    }
    progress.setStackStatus(stack.status);
    progress.finish(stack.status);
    const controllerIP = stack.outputs[OUTPUT_CONTROLLER_IP];
    return {
      clusterName: cluster.clusterName,
      exists: true,
      stackStatus: stack.status,
      ...(stack.statusReason === undefined ? {} : { statusReason: stack.statusReason }),
      ...(controllerIP === undefined ? {} : { controllerIP }),
      outputs: { ...stack.outputs },
    };
  });
}
