import { DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { Subnet, Vpc } from '@aws-sdk/client-ec2';
import { isAwsError } from '../shared/aws-error.js';
import { activitySignal } from '../shared/heartbeat.js';
import { cidrContains, cidrsOverlap } from './ipv4-cidr.js';
import type { CheckResult, PreflightContext } from './preflight-context.js';

async function describeVpc(ctx: PreflightContext, vpcId: string): Promise<Vpc | undefined> {
  try {
    const out = await ctx.clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }), { abortSignal: activitySignal() });
    return out.Vpcs?.[0];
  } catch (error) {
    if (isAwsError(error, 'InvalidVpcID.NotFound', 'InvalidVpcID.Malformed')) return undefined;
    throw error;
  }
}

async function subnetsOf(ctx: PreflightContext, vpcId: string): Promise<Subnet[]> {
  const subnets: Subnet[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.clients.ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], ...(token ? { NextToken: token } : {}) }),
      { abortSignal: activitySignal() },
    );
    subnets.push(...(page.Subnets ?? []));
    token = page.NextToken;
  } while (token);
  return subnets;
}

async function routeTableExists(ctx: PreflightContext, id: string): Promise<boolean> {
  try {
    const out = await ctx.clients.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }), { abortSignal: activitySignal() });
    return (out.RouteTables ?? []).length > 0;
  } catch (error) {
    if (isAwsError(error, 'InvalidRouteTableID.NotFound', 'InvalidRouteTableID.Malformed')) return false;
    throw error;
  }
}

/**
 * With an existing `vpcId`: the VPC exists, its CIDR is `vpcCIDR` and contains every subnet, no
 * subnet collides with one already there (except this cluster's own, on a resumed `up`), and
 * `routeTableId` exists. Without one the stack makes the VPC: nothing to check.
 */
export async function checkVpc(ctx: PreflightContext): Promise<CheckResult> {
  const { config, ownResources } = ctx;
  if (config.vpcId === undefined) return { name: 'vpc', ok: true, detail: `the stack creates a VPC ${config.vpcCIDR}` };
  const vpcId = config.vpcId;
  const vpc = await describeVpc(ctx, vpcId);
  if (!vpc) return { name: 'vpc', ok: false, detail: `VPC ${vpcId} (vpcId in cluster.yaml) not found in ${config.region}: set vpcId to a VPC of that region, or remove it to let the stack create one` };

  const problems: string[] = [];
  const vpcCidrs = [...new Set([vpc.CidrBlock, ...(vpc.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State !== 'disassociated').map((a) => a.CidrBlock)])].filter(
    (c): c is string => c !== undefined,
  );
  if (!vpcCidrs.includes(config.vpcCIDR)) problems.push(`vpcCIDR ${config.vpcCIDR} is not a CIDR of ${vpcId} (${vpcCidrs.join(', ')}): set vpcCIDR in cluster.yaml to it`);

  const own = new Set(ownResources.values());
  const existing = (await subnetsOf(ctx, vpcId)).filter((s) => s.SubnetId && !own.has(s.SubnetId));
  config.subnets.forEach((subnet, index) => {
    const cidr = subnet.instanceCIDR;
    if (!vpcCidrs.some((v) => cidrContains(v, cidr))) {
      problems.push(`subnets[${index}].instanceCIDR ${cidr} is outside ${vpcId} (${vpcCidrs.join(', ')}): choose a range inside it`);
    }
    for (const other of existing) {
      if (other.CidrBlock && cidrsOverlap(other.CidrBlock, cidr)) {
        problems.push(`subnets[${index}].instanceCIDR ${cidr} overlaps existing subnet ${other.SubnetId} (${other.CidrBlock}) in ${vpcId}: choose a free range`);
      }
    }
  });
  if (config.routeTableId !== undefined && !(await routeTableExists(ctx, config.routeTableId))) {
    problems.push(`route table ${config.routeTableId} (routeTableId in cluster.yaml) not found in ${config.region}`);
  }
  if (problems.length > 0) return { name: 'vpc', ok: false, detail: problems.join('; ') };
  return { name: 'vpc', ok: true, detail: `${vpcId} (${vpcCidrs.join(', ')}) has room for ${config.subnets.map((s) => s.instanceCIDR).join(', ')}` };
}
