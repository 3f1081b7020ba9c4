/**
 * Load balancers a `Service` of type LoadBalancer made: classic ELBs (cloud controller) and
 * ELBv2 (NLBs from the cloud controller, ALBs/NLBs from the load balancer controller), then their
 * target groups. They hold ENIs and security groups in the VPC, so they go first.
 */
import {
  DeleteLoadBalancerCommand as DeleteClassicCommand,
  DescribeLoadBalancersCommand as DescribeClassicCommand,
  DescribeTagsCommand as DescribeClassicTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../clients.js';
import { isAwsError } from '../shared/aws-error.js';
import { retryableConflict } from '../shared/failure.js';
import { activitySignal, heartbeat } from '../shared/heartbeat.js';
import { chunks, isOwnedBy } from './cluster-tag.js';

/** DescribeTags takes at most 20 names or ARNs per call, in both APIs. */
const TAGS_BATCH = 20;

export interface CleanupScope {
  readonly clusterName: string;
  /** Restricts VPC-bound resources to the cluster's VPC, when known. */
  readonly vpcId?: string;
}

/** Deletes the cluster's classic ELBs; returns their names. */
export async function deleteClassicLoadBalancers(clients: AwsClients, scope: CleanupScope): Promise<string[]> {
  const signal = { abortSignal: activitySignal() };
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await clients.elb.send(new DescribeClassicCommand({ ...(marker ? { Marker: marker } : {}) }), signal);
    for (const lb of page.LoadBalancerDescriptions ?? []) {
      if (lb.LoadBalancerName && (scope.vpcId === undefined || lb.VPCId === scope.vpcId)) names.push(lb.LoadBalancerName);
    }
    marker = page.NextMarker;
  } while (marker);

  const owned: string[] = [];
  for (const batch of chunks(names, TAGS_BATCH)) {
    const tags = await clients.elb.send(new DescribeClassicTagsCommand({ LoadBalancerNames: batch }), signal);
    for (const d of tags.TagDescriptions ?? []) if (d.LoadBalancerName && isOwnedBy(d.Tags, scope.clusterName)) owned.push(d.LoadBalancerName);
  }
  for (const name of owned) {
    await clients.elb.send(new DeleteClassicCommand({ LoadBalancerName: name }), signal); // idempotent in the API
    heartbeat({ deleted: `elb/${name}` });
  }
  return owned;
}

async function ownedArns(clients: AwsClients, arns: readonly string[], clusterName: string): Promise<string[]> {
  const owned: string[] = [];
  for (const batch of chunks(arns, TAGS_BATCH)) {
    const tags = await clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: batch }), { abortSignal: activitySignal() });
    for (const d of tags.TagDescriptions ?? []) if (d.ResourceArn && isOwnedBy(d.Tags, clusterName)) owned.push(d.ResourceArn);
  }
  return owned;
}

async function targetGroupArns(clients: AwsClients, loadBalancerArn?: string): Promise<{ arn: string; vpcId?: string }[]> {
  const found: { arn: string; vpcId?: string }[] = [];
  let marker: string | undefined;
  do {
    let page;
    try {
      page = await clients.elbv2.send(
        new DescribeTargetGroupsCommand({ ...(loadBalancerArn ? { LoadBalancerArn: loadBalancerArn } : {}), ...(marker ? { Marker: marker } : {}) }),
        { abortSignal: activitySignal() },
      );
    } catch (error) {
      if (isAwsError(error, 'LoadBalancerNotFound', 'LoadBalancerNotFoundException')) return found;
      throw error;
    }
    for (const tg of page.TargetGroups ?? []) if (tg.TargetGroupArn) found.push({ arn: tg.TargetGroupArn, ...(tg.VpcId ? { vpcId: tg.VpcId } : {}) });
    marker = page.NextMarker;
  } while (marker);
  return found;
}

/**
 * Deletes the cluster's ELBv2 load balancers, then their target groups and any other target
 * group with the cluster's tag. Returns the deleted ARNs (load balancers first).
 */
export async function deleteElbv2LoadBalancers(clients: AwsClients, scope: CleanupScope): Promise<string[]> {
  const signal = { abortSignal: activitySignal() };
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const page = await clients.elbv2.send(new DescribeLoadBalancersCommand({ ...(marker ? { Marker: marker } : {}) }), signal);
    for (const lb of page.LoadBalancers ?? []) {
      if (lb.LoadBalancerArn && (scope.vpcId === undefined || lb.VpcId === scope.vpcId)) arns.push(lb.LoadBalancerArn);
    }
    marker = page.NextMarker;
  } while (marker);

  const owned = await ownedArns(clients, arns, scope.clusterName);
  const groups = new Set<string>();
  for (const arn of owned) {
    for (const tg of await targetGroupArns(clients, arn)) groups.add(tg.arn);
    await clients.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }), signal);
    heartbeat({ deleted: arn });
  }
  const all = (await targetGroupArns(clients)).filter((tg) => scope.vpcId === undefined || tg.vpcId === undefined || tg.vpcId === scope.vpcId);
  for (const arn of await ownedArns(clients, all.map((tg) => tg.arn), scope.clusterName)) groups.add(arn);
  const deletedGroups: string[] = [];
  for (const arn of [...groups].sort()) {
    try {
      await clients.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }), signal);
    } catch (error) {
      if (isAwsError(error, 'TargetGroupNotFound', 'TargetGroupNotFoundException')) continue;
      if (isAwsError(error, 'ResourceInUse', 'ResourceInUseException')) {
        // Right after its load balancer went; the next attempt finds it by its tag.
        throw retryableConflict(`target group ${arn} is still in use by a load balancer being deleted; will retry`);
      }
      throw error;
    }
    deletedGroups.push(arn);
    heartbeat({ deleted: arn });
  }
  return [...owned, ...deletedGroups];
}
