/**
 * A deliberately incompatible `statusWorkflow`: it schedules its activities in a different order
 * and sets no search attributes. Replaying a recorded status history against it must fail, which
 * proves the replay test would catch an unpatched change to command order.
 */
import type { KubeAwsActivities } from '@kube-aws/aws';
import { proxyActivities } from '@temporalio/workflow';
import type { StatusInput, StatusResult } from '../../src/contract.js';

const { describeStack, loadCluster } = proxyActivities<KubeAwsActivities>({ startToCloseTimeout: '1 minute' });

export async function statusWorkflow(input: StatusInput): Promise<StatusResult> {
  const stack = await describeStack({ region: input.region, stackName: input.clusterName });
  const cluster = await loadCluster({ assetsUri: input.assetsUri });
  return { clusterName: cluster.clusterName, exists: stack !== null };
}
