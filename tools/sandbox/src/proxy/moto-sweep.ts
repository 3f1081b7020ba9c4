/**
 * moto's DeleteStack gives up half way on a stack that made its own internet gateway and routes:
 * it cannot delete routes, associations or gateway attachments, so the VPC delete fails with
 * DependencyViolation, the stack vanishes from moto and the network stays. AWS would have deleted
 * all of it. After such a delete the proxy takes the leftovers down itself, in the order AWS
 * would (instances, addresses, routes, associations, gateways, subnets, groups, the VPC). Best
 * effort: what is already gone answers an error, which is ignored.
 */
import type { MotoClient } from './moto-client.js';
import type { StackRecord } from './stack-record.js';

function textsOf(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

export async function sweepLeftovers(moto: MotoClient, record: StackRecord): Promise<void> {
  const physical = (type: string): string[] =>
    [...record.known.values()].filter((r) => r.type === type).flatMap((r) => record.physicalIds.get(r.id) ?? []);
  const ec2 = (action: string, params: Record<string, string>) => moto.ec2(record.region, action, params);
  const vpcs = physical('AWS::EC2::VPC');

  // Instances in the stack's VPCs: its own, and those its Auto Scaling groups launched.
  for (const vpc of vpcs) {
    const found = await ec2('DescribeInstances', { 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': vpc });
    const ids = found.ok ? textsOf(found.body, 'instanceId') : [];
    if (ids.length > 0) await ec2('TerminateInstances', Object.fromEntries(ids.map((id, i) => [`InstanceId.${i + 1}`, id])));
  }
  for (const ip of physical('AWS::EC2::EIP')) {
    const found = await ec2('DescribeAddresses', { 'PublicIp.1': ip });
    for (const id of textsOf(found.body, 'associationId')) await ec2('DisassociateAddress', { AssociationId: id });
    for (const id of textsOf(found.body, 'allocationId')) await ec2('ReleaseAddress', { AllocationId: id });
  }
  for (const route of physical('AWS::EC2::Route')) {
    const [table, cidr] = route.split('~');
    if (table && cidr) await ec2('DeleteRoute', { RouteTableId: table, DestinationCidrBlock: cidr });
  }
  for (const table of physical('AWS::EC2::RouteTable')) {
    const found = await ec2('DescribeRouteTables', { 'RouteTableId.1': table });
    for (const id of textsOf(found.body, 'routeTableAssociationId')) await ec2('DisassociateRouteTable', { AssociationId: id });
    await ec2('DeleteRouteTable', { RouteTableId: table });
  }
  for (const vpc of vpcs) {
    const found = await ec2('DescribeInternetGateways', { 'Filter.1.Name': 'attachment.vpc-id', 'Filter.1.Value.1': vpc });
    for (const igw of textsOf(found.body, 'internetGatewayId')) await ec2('DetachInternetGateway', { InternetGatewayId: igw, VpcId: vpc });
  }
  for (const igw of physical('AWS::EC2::InternetGateway')) await ec2('DeleteInternetGateway', { InternetGatewayId: igw });
  for (const subnet of physical('AWS::EC2::Subnet')) await ec2('DeleteSubnet', { SubnetId: subnet });
  for (const group of physical('AWS::EC2::SecurityGroup')) await ec2('DeleteSecurityGroup', { GroupId: group });
  for (const vpc of vpcs) await ec2('DeleteVpc', { VpcId: vpc });
}
