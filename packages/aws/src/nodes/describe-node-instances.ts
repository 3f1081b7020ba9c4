/**
 * `describeNodeInstances`: the nodes as EC2 sees them, for `verify` before Kubernetes answers. The
 * controller is the stack's `InstanceController` resource; the workers are the members of the Auto
 * Scaling group named by the stack's `WorkerAutoScalingGroup` output.
 */
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Stack, StackResource } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { Instance } from '@aws-sdk/client-ec2';
import { logicalIds } from '@kube-aws/render';
import type { AwsClients } from '../clients.js';
import type { NodeInstancesReport } from '../contract.js';
import { isAwsError } from '../shared/aws-error.js';
import { nonRetryable } from '../shared/failure.js';
import { activitySignal } from '../shared/heartbeat.js';
import { awsNodeName } from './node-name.js';

type NodeView = NodeInstancesReport['workers'][number];

/** The stack output naming the workers' group (render's outputs.ts; one of its OUTPUT_KEYS). */
const WORKER_GROUP_OUTPUT = 'WorkerAutoScalingGroup';

/** CloudFormation answers a missing stack with a ValidationError "Stack with id X does not exist". */
function isStackMissing(error: unknown): boolean {
  return isAwsError(error, 'ValidationError') && /does not exist/.test((error as Error).message);
}

async function describeStack(clients: AwsClients, stackName: string): Promise<{ stack: Stack; resources: StackResource[] }> {
  const signal = { abortSignal: activitySignal() };
  try {
    const stacks = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }), signal);
    const stack = stacks.Stacks?.[0];
    if (!stack) throw nonRetryable('StackGone', `stack ${stackName} does not exist`);
    const resources = await clients.cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stackName }), signal);
    return { stack, resources: resources.StackResources ?? [] };
  } catch (error) {
    if (isStackMissing(error)) throw nonRetryable('StackGone', `stack ${stackName} does not exist; run \`kube-aws up\` to create it`);
    throw error;
  }
}

async function describeInstances(clients: AwsClients, ids: readonly string[]): Promise<Map<string, Instance>> {
  const found = new Map<string, Instance>();
  if (ids.length === 0) return found;
  let token: string | undefined;
  do {
    const page = await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [...ids], ...(token ? { NextToken: token } : {}) }), {
      abortSignal: activitySignal(),
    });
    for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) if (i.InstanceId) found.set(i.InstanceId, i);
    token = page.NextToken;
  } while (token);
  return found;
}

async function workerIds(clients: AwsClients, groupName: string | undefined): Promise<string[]> {
  if (!groupName) return []; // Phase=assets: no worker group yet.
  const out = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }), {
    abortSignal: activitySignal(),
  });
  return (out.AutoScalingGroups?.[0]?.Instances ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : [])).sort();
}

/** @throws ApplicationFailure `StackGone` when the stack does not exist. */
export async function describeNodeInstances(clients: AwsClients, region: string, stackName: string, expectedWorkers: number): Promise<NodeInstancesReport> {
  const { stack, resources } = await describeStack(clients, stackName);
  const controllerId = resources.find((r) => r.LogicalResourceId === logicalIds.INSTANCE_CONTROLLER)?.PhysicalResourceId || undefined;
  const groupName =
    stack.Outputs?.find((o) => o.OutputKey === WORKER_GROUP_OUTPUT)?.OutputValue ||
    resources.find((r) => r.LogicalResourceId === logicalIds.AUTO_SCALE_WORKER)?.PhysicalResourceId ||
    undefined;
  const workers = await workerIds(clients, groupName);
  const instances = await describeInstances(clients, [...(controllerId ? [controllerId] : []), ...workers]);

  const view = (id: string): NodeView => {
    const instance = instances.get(id);
    const privateIp = instance?.PrivateIpAddress ?? '';
    return {
      instanceId: id,
      privateIp,
      state: instance?.State?.Name ?? 'unknown',
      nodeName: privateIp === '' ? '' : awsNodeName(region, privateIp),
    };
  };
  return {
    ...(controllerId ? { controller: view(controllerId) } : {}),
    workers: workers.map(view),
    expectedWorkers,
  };
}
