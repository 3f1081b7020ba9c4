/**
 * {@link deleteClusterStack}: the `cleanup` and `delete` steps shared by `destroy` and
 * `up --recreate`. Works from any state a stack can be left in (CREATE_FAILED, ROLLBACK_COMPLETE,
 * DELETE_FAILED, a delete already under way).
 */
import type { ClusterSummary, StackSnapshot } from '@kube-aws/aws';
import { activities } from './activities.js';
import { foreignStack, stackFailed } from './failures.js';
import type { ProgressTracker } from './progress.js';
import { OUTPUT_VPC_ID } from './stack-state.js';
import { waitForStack } from './stack-wait.js';

/** Deletes the cluster's stack and waits until it is gone; throws `StackFailed` if the delete fails. */
export async function deleteClusterStack(progress: ProgressTracker, cluster: ClusterSummary, stack: StackSnapshot): Promise<void> {
  if (!stack.ownedByKubeAws) throw foreignStack(stack, cluster.clusterName);
  progress.setStackStatus(stack.status);
  const region = cluster.region;

  // Load balancers and volumes Kubernetes made hold on to the VPC; the stack delete would fail.
  progress.begin('cleanup');
  const vpcId = stack.outputs[OUTPUT_VPC_ID];
  const cleaned = await activities.cleanupKubernetesResources({
    region,
    clusterName: cluster.clusterName,
    ...(vpcId === undefined ? {} : { vpcId }),
  });
  progress.finish(
    `${cleaned.loadBalancers.length} load balancers, ${cleaned.volumes.length} volumes, ` +
      `${cleaned.networkInterfaces.length} network interfaces, ${cleaned.securityGroups.length} security groups, ` +
      `${cleaned.bucketObjects} bucket objects removed`,
  );

  progress.begin('delete');
  let stackId = stack.stackId;
  let afterEventId: string | undefined;
  // A delete already under way (an earlier destroy) is only watched; DeleteStack would be a no-op.
  if (stack.status !== 'DELETE_IN_PROGRESS') {
    const deleted = await activities.deleteStack({ region, stackName: stack.stackName, stackId: stack.stackId });
    if (deleted.alreadyGone) {
      progress.setStackStatus('DELETE_COMPLETE');
      progress.finish('the stack was already gone');
      return;
    }
    stackId = deleted.stackId ?? stackId;
    afterEventId = deleted.sinceEventId;
  }
  const settled = await waitForStack(progress, {
    region,
    stackName: stack.stackName,
    stackId,
    operation: 'DELETE',
    ...(afterEventId === undefined ? {} : { afterEventId }),
  });
  if (!settled.succeeded) throw stackFailed(stack.stackName, 'DELETE', settled.status, settled.failures);
  progress.finish();
}
