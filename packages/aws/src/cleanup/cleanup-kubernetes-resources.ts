/**
 * `cleanupKubernetesResources`: what Kubernetes made in AWS for this cluster and CloudFormation
 * does not know about, deleted before DeleteStack so the VPC and subnets can go. Idempotent: a
 * second run finds nothing. Works with the stack (or its VPC) already gone.
 */
import { DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { ASSETS_BUCKET, logicalIds } from '@kube-aws/render';
import type { AwsClients } from '../clients.js';
import type { CleanupInput, CleanupReport } from '../contract.js';
import { STACK_OWNER_TAG } from '../contract.js';
import { isAwsError } from '../shared/aws-error.js';
import { activitySignal } from '../shared/heartbeat.js';
import { emptyBucket } from './empty-bucket.js';
import { deleteClassicLoadBalancers, deleteElbv2LoadBalancers } from './load-balancers.js';
import { deleteSecurityGroups } from './security-groups.js';
import { deleteAvailableVolumes, deleteDetachedInterfaces } from './volumes-and-interfaces.js';

interface OwnStack {
  /** Logical id → physical id. */
  readonly resources: ReadonlyMap<string, string>;
  readonly outputs: ReadonlyMap<string, string>;
}

/** This cluster's stack, when it exists and carries kube-aws's tag for it; a foreign stack is ignored. */
async function ownStack(clients: AwsClients, clusterName: string): Promise<OwnStack | undefined> {
  let stack: Stack | undefined;
  try {
    const out = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: clusterName }), { abortSignal: activitySignal() });
    stack = out.Stacks?.find((s) => s.StackStatus !== 'DELETE_COMPLETE');
  } catch (error) {
    if (isAwsError(error, 'ValidationError') && /does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
  if (!stack?.Tags?.some((t) => t.Key === STACK_OWNER_TAG && t.Value === clusterName)) return undefined;
  const out = await clients.cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stack.StackId ?? clusterName }), {
    abortSignal: activitySignal(),
  });
  const resources = new Map<string, string>();
  for (const r of out.StackResources ?? []) if (r.LogicalResourceId && r.PhysicalResourceId) resources.set(r.LogicalResourceId, r.PhysicalResourceId);
  const outputs = new Map<string, string>();
  for (const o of stack.Outputs ?? []) if (o.OutputKey && o.OutputValue) outputs.set(o.OutputKey, o.OutputValue);
  return { resources, outputs };
}

export async function cleanupKubernetesResources(clients: AwsClients, input: CleanupInput): Promise<CleanupReport> {
  const stack = await ownStack(clients, input.clusterName);
  const vpcId = input.vpcId ?? stack?.outputs.get('VpcId') ?? stack?.resources.get(logicalIds.VPC);
  const scope = { clusterName: input.clusterName, ...(vpcId ? { vpcId } : {}) };

  // Load balancers first: they hold interfaces and reference the security groups.
  const loadBalancers = [...(await deleteClassicLoadBalancers(clients, scope)), ...(await deleteElbv2LoadBalancers(clients, scope))];
  const volumes = await deleteAvailableVolumes(clients, scope);
  const networkInterfaces = await deleteDetachedInterfaces(clients, scope);
  const securityGroups = await deleteSecurityGroups(clients, scope, new Set(stack?.resources.values() ?? []));
  const bucket = stack?.resources.get(ASSETS_BUCKET) ?? stack?.outputs.get('AssetsBucket');
  const bucketObjects = bucket ? await emptyBucket(clients.s3, bucket) : 0;
  return { loadBalancers, volumes, networkInterfaces, securityGroups, bucketObjects };
}
