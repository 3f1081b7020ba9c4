/**
 * {@link deployPhase}: one `deployStack` (create or update to a `Phase`) watched to its end.
 * `deployStack` is idempotent under the token, so a retried or resumed call adopts what an
 * earlier attempt started instead of starting it twice.
 */
import type { DeployStackResult, ImageChoice, NodeConfigDigests, OnFailure, StackPhase } from '@kube-aws/aws';
import { workflowInfo } from '@temporalio/workflow';
import { activities } from './activities.js';
import { stackFailed } from './failures.js';
import type { ProgressTracker } from './progress.js';
import { waitForStack } from './stack-wait.js';

export interface PhaseDeploy {
  readonly assetsUri: string;
  readonly region: string;
  readonly phase: StackPhase;
  readonly image: ImageChoice;
  readonly onFailure: OnFailure;
  readonly digests?: NodeConfigDigests;
  /** The resolved KMS key ARN for the template's `KmsKeyArn` (preflight's `kms-key` check). */
  readonly kmsKeyArn?: string;
}

/**
 * The idempotency token of this workflow's deploy of `phase`: the same across activity retries
 * and worker crashes (the run ID is fixed for the run), different for a later `up`. Only
 * characters CloudFormation's ClientRequestToken accepts.
 */
export function deployToken(phase: StackPhase): string {
  return `kube-aws-${phase}-${workflowInfo().firstExecutionRunId}`;
}

/** Deploys and waits; throws `StackFailed` when the operation fails. */
export async function deployPhase(progress: ProgressTracker, d: PhaseDeploy): Promise<DeployStackResult> {
  const deployed = await activities.deployStack({
    assetsUri: d.assetsUri,
    phase: d.phase,
    imageId: d.image.imageId,
    onFailure: d.onFailure,
    token: deployToken(d.phase),
    ...(d.digests === undefined ? {} : { digests: d.digests }),
    // An activity input field, not a command: histories recorded without it replay unchanged.
    ...(d.kmsKeyArn === undefined ? {} : { kmsKeyArn: d.kmsKeyArn }),
  });
  if (deployed.adopted) progress.note('adopted the operation an earlier attempt started');
  if (deployed.noChanges) {
    progress.note('stack already has this configuration');
    return deployed;
  }
  const settled = await waitForStack(progress, {
    region: d.region,
    stackName: deployed.stackName,
    stackId: deployed.stackId,
    operation: deployed.operation,
    ...(deployed.sinceEventId === undefined ? {} : { afterEventId: deployed.sinceEventId }),
  });
  if (!settled.succeeded) throw stackFailed(deployed.stackName, deployed.operation, settled.status, settled.failures);
  return deployed;
}
