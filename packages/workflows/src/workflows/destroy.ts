import type { DestroyInput, DestroyResult } from '../contract.js';
import { activities } from './activities.js';
import { deleteClusterStack } from './delete-steps.js';
import { runCommand } from './run-command.js';
import { isGone } from './stack-state.js';

/**
 * `kube-aws destroy`: clean up what Kubernetes made in AWS, then delete the stack and wait until
 * it is gone. Works from a failed create or a failed delete; a missing stack is success.
 */
export async function destroyWorkflow(input: DestroyInput): Promise<DestroyResult> {
  return runCommand('destroy', input, 'status', async (progress) => {
    progress.begin('status');
    const cluster = await activities.loadCluster({ assetsUri: input.assetsUri });
    const stack = await activities.describeStack({ region: cluster.region, stackName: cluster.stackName });
    if (isGone(stack)) {
      progress.finish('no stack');
      progress.skip('cleanup', 'no stack');
      progress.skip('delete', 'no stack');
      return { clusterName: cluster.clusterName, deleted: false, alreadyGone: true };
    }
    progress.finish(stack.status);
    await deleteClusterStack(progress, cluster, stack);
    return { clusterName: cluster.clusterName, deleted: true, alreadyGone: false };
  });
}
