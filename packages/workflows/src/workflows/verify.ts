import type { FailureType } from '@kube-aws/aws';
import { ApplicationFailure } from '@temporalio/workflow';
import type { VerifyInput, VerifyResult } from '../contract.js';
import { activities } from './activities.js';
import { runCommand } from './run-command.js';
import { isGone, OUTPUT_ASSETS_BUCKET, OUTPUT_CONTROLLER_IP } from './stack-state.js';
import { verifyNodes } from './verify-steps.js';

/** `kube-aws verify`: wait until the cluster's nodes run and Kubernetes is ready. Read-only. */
export async function verifyWorkflow(input: VerifyInput): Promise<VerifyResult> {
  return runCommand('verify', input, 'status', async (progress) => {
    progress.begin('status');
    const cluster = await activities.loadCluster({ assetsUri: input.assetsUri });
    const stack = await activities.describeStack({ region: cluster.region, stackName: cluster.stackName });
    if (isGone(stack)) {
      throw ApplicationFailure.create({
        type: 'StackGone' satisfies FailureType,
        nonRetryable: true,
        message: `Cluster ${cluster.clusterName} has no stack ${cluster.stackName}; create it with \`kube-aws up\`.`,
      });
    }
    progress.setStackStatus(stack.status);
    progress.finish(stack.status);
    const { nodes, kubernetes } = await verifyNodes(progress, cluster, input.assetsUri, input.timeoutSeconds);
    const controllerIP = stack.outputs[OUTPUT_CONTROLLER_IP];
    const assetsBucket = stack.outputs[OUTPUT_ASSETS_BUCKET];
    return {
      clusterName: cluster.clusterName,
      stackId: stack.stackId,
      stackStatus: stack.status,
      alreadyUp: true,
      nodes,
      ...(kubernetes === undefined ? {} : { kubernetes }),
      ...(controllerIP === undefined ? {} : { controllerIP }),
      ...(assetsBucket === undefined ? {} : { assetsBucket }),
    };
  });
}
