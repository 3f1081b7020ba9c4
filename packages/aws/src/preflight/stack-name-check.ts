import { DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { ClusterConfig } from '@kube-aws/config';
import type { AwsClients } from '../clients.js';
import { STACK_OWNER_TAG } from '../contract.js';
import { isAwsError } from '../shared/aws-error.js';
import { activitySignal } from '../shared/heartbeat.js';
import type { CheckResult } from './preflight-context.js';

async function describe(clients: AwsClients, stackName: string): Promise<Stack | undefined> {
  try {
    const out = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }), { abortSignal: activitySignal() });
    return out.Stacks?.find((s) => s.StackStatus !== 'DELETE_COMPLETE');
  } catch (error) {
    if (isAwsError(error, 'ValidationError') && /does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}

/**
 * The stack name is free, or taken by this cluster's own stack (a resumed or repeated `up`). A
 * stack without the tag `kube-aws:cluster=<name>` is someone else's and is never touched.
 * Also returns the own stack's resources (logical id → physical id) for the other checks.
 */
export async function checkStackName(config: ClusterConfig, clients: AwsClients): Promise<{ check: CheckResult; ownResources: Map<string, string> }> {
  const stackName = config.clusterName;
  const ownResources = new Map<string, string>();
  const stack = await describe(clients, stackName);
  if (!stack) return { check: { name: 'stack-name', ok: true, detail: `no stack named ${stackName} in ${config.region} yet` }, ownResources };
  const owned = stack.Tags?.some((t) => t.Key === STACK_OWNER_TAG && t.Value === config.clusterName) ?? false;
  if (!owned) {
    return {
      check: {
        name: 'stack-name',
        ok: false,
        detail:
          `stack ${stackName} already exists in ${config.region} and was not created by kube-aws for this cluster ` +
          `(no tag ${STACK_OWNER_TAG}=${config.clusterName}): choose another clusterName in cluster.yaml, or delete that stack yourself`,
      },
      ownResources,
    };
  }
  const out = await clients.cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stack.StackId ?? stackName }), {
    abortSignal: activitySignal(),
  });
  for (const r of out.StackResources ?? []) if (r.LogicalResourceId && r.PhysicalResourceId) ownResources.set(r.LogicalResourceId, r.PhysicalResourceId);
  return { check: { name: 'stack-name', ok: true, detail: `stack ${stackName} exists and is this cluster's (${stack.StackStatus ?? 'unknown status'})` }, ownResources };
}
