/**
 * {@link runUp}: the steps of `kube-aws up`, shared by `upWorkflow` and `provisionWorkflow`.
 *
 *   validate → preflight → encrypt → [cleanup → delete, with --recreate] → create-assets →
 *   upload → create-nodes → [verify]
 *
 * The stack is made in two deploys of one template: `Phase=assets` (network, IAM, the assets
 * bucket), then, once the node configs are in that bucket, `Phase=nodes` (controller, workers,
 * DNS). Every step looks at what exists first, so running `up` again after any failure or on a
 * finished cluster does only what is missing.
 */
import type { ClusterSummary, StackSnapshot } from '@kube-aws/aws';
import type { UpOptions, UpResult } from '../contract.js';
import { activities } from './activities.js';
import { loadAndValidate, runPreflight } from './check-steps.js';
import { deleteClusterStack } from './delete-steps.js';
import { deployPhase } from './deploy-phase.js';
import { foreignStack, stackFailed, stackUnusable } from './failures.js';
import type { ProgressTracker } from './progress.js';
import { isBroken, isGone, isInProgress, operationOf, OUTPUT_ASSETS_BUCKET, OUTPUT_CONTROLLER_IP, phaseOf } from './stack-state.js';
import { waitForStack } from './stack-wait.js';
import { verifyNodes } from './verify-steps.js';

export interface UpRun extends UpOptions {
  readonly assetsUri: string;
}

export async function runUp(progress: ProgressTracker, input: UpRun): Promise<UpResult> {
  const ref = { assetsUri: input.assetsUri };
  const cluster = await loadAndValidate(progress, ref);
  const { image, kmsKeyArn } = await runPreflight(progress, ref, true);
  const key = kmsKeyArn === undefined ? {} : { kmsKeyArn };
  let stack = await describe(cluster);
  if (stack && !stack.ownedByKubeAws) throw foreignStack(stack, cluster.clusterName);

  progress.begin('encrypt');
  const digests = await activities.prepareNodeConfigs(ref);
  progress.finish();

  if (input.recreate) {
    if (stack) {
      stack = await settle(progress, cluster, stack);
      if (stack) await deleteClusterStack(progress, cluster, stack);
      stack = null;
    } else {
      progress.skip('cleanup', 'no stack, nothing to clean up');
      progress.skip('delete', 'no stack to delete');
    }
  }

  progress.begin('create-assets');
  if (stack) stack = await settle(progress, cluster, stack);
  if (stack && isBroken(stack.status)) throw stackUnusable(stack);

  let changed = false;
  // A stack already at Phase=nodes keeps it: deploying `assets` to it would delete the nodes.
  if (stack && phaseOf(stack) === 'nodes') {
    progress.note('network, IAM and bucket already in place');
  } else {
    const deployed = await deployPhase(progress, { assetsUri: input.assetsUri, region: cluster.region, phase: 'assets', image, onFailure: input.onFailure, ...key });
    changed ||= !deployed.noChanges;
  }
  const assetsStack = await mustDescribe(cluster);
  const bucket = assetsStack.outputs[OUTPUT_ASSETS_BUCKET];
  if (bucket === undefined) {
    throw stackFailed(cluster.stackName, 'CREATE', assetsStack.status, [
      { logicalId: OUTPUT_ASSETS_BUCKET, resourceType: 'AWS::S3::Bucket', status: assetsStack.status, reason: 'the stack has no AssetsBucket output' },
    ]);
  }

  progress.begin('upload');
  const uploaded = await activities.uploadNodeConfigs({ ...ref, bucket, digests });
  progress.finish(`${uploaded.keys.length - uploaded.skipped} uploaded, ${uploaded.skipped} already there`);

  progress.begin('create-nodes');
  const nodesDeploy = await deployPhase(progress, { assetsUri: input.assetsUri, region: cluster.region, phase: 'nodes', image, onFailure: input.onFailure, digests, ...key });
  changed ||= !nodesDeploy.noChanges;
  const final = await mustDescribe(cluster);
  progress.setStackStatus(final.status);
  progress.finish();

  const verified = input.verify ? await verifyNodes(progress, cluster, input.assetsUri) : undefined;
  const controllerIP = final.outputs[OUTPUT_CONTROLLER_IP];
  return {
    clusterName: cluster.clusterName,
    stackId: final.stackId,
    stackStatus: final.status,
    alreadyUp: !changed,
    assetsBucket: bucket,
    ...(controllerIP === undefined ? {} : { controllerIP }),
    ...(verified === undefined ? {} : { nodes: verified.nodes }),
    ...(verified?.kubernetes === undefined ? {} : { kubernetes: verified.kubernetes }),
  };
}

async function describe(cluster: ClusterSummary): Promise<StackSnapshot | null> {
  const stack = await activities.describeStack({ region: cluster.region, stackName: cluster.stackName });
  return isGone(stack) ? null : stack;
}

async function mustDescribe(cluster: ClusterSummary): Promise<StackSnapshot> {
  const stack = await describe(cluster);
  if (stack === null) throw stackFailed(cluster.stackName, 'CREATE', 'DELETE_COMPLETE', [{ logicalId: cluster.stackName, resourceType: 'AWS::CloudFormation::Stack', status: 'DELETE_COMPLETE', reason: 'the stack disappeared while up was running' }]);
  return stack;
}

/**
 * A stack some earlier run left mid-operation (a terminated workflow, a change in the console):
 * wait for that operation to end, then look again.
 */
async function settle(progress: ProgressTracker, cluster: ClusterSummary, stack: StackSnapshot): Promise<StackSnapshot | null> {
  if (!isInProgress(stack.status)) return stack;
  progress.note(`waiting for the stack to leave ${stack.status}`);
  const where = { region: cluster.region, stackName: stack.stackName, stackId: stack.stackId };
  await waitForStack(progress, { ...where, operation: operationOf(stack.status) });
  const again = await activities.describeStack(where);
  return isGone(again) ? null : again;
}
