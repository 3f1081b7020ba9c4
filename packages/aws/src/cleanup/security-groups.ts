/**
 * Security groups the cloud controller made for load balancers (`k8s-elb-…`), tagged with the
 * cluster. The stack's own groups carry the same tag but are CloudFormation's to delete: a group
 * with CloudFormation's tags, or listed among the stack's resources, is left alone.
 */
import { DeleteSecurityGroupCommand, DescribeSecurityGroupsCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../clients.js';
import { isAwsError } from '../shared/aws-error.js';
import { retryableConflict } from '../shared/failure.js';
import { activitySignal, heartbeat } from '../shared/heartbeat.js';
import { CLOUDFORMATION_TAG_PREFIX, clusterTagKey, OWNED } from './cluster-tag.js';
import type { CleanupScope } from './load-balancers.js';

async function describeGroups(clients: AwsClients, filters: { Name: string; Values: string[] }[]): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  let token: string | undefined;
  do {
    const page = await clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters, ...(token ? { NextToken: token } : {}) }), {
      abortSignal: activitySignal(),
    });
    groups.push(...(page.SecurityGroups ?? []));
    token = page.NextToken;
  } while (token);
  return groups;
}

/** Other groups' ingress rules naming `groupId` (the controller opens node ports to the ELB's group). */
async function revokeReferences(clients: AwsClients, groupId: string): Promise<void> {
  for (const other of await describeGroups(clients, [{ Name: 'ip-permission.group-id', Values: [groupId] }])) {
    if (!other.GroupId || other.GroupId === groupId) continue;
    const permissions: IpPermission[] = (other.IpPermissions ?? []).flatMap((p) => {
      const pairs = (p.UserIdGroupPairs ?? []).filter((pair) => pair.GroupId === groupId).map((pair) => ({ GroupId: groupId, ...(pair.UserId ? { UserId: pair.UserId } : {}) }));
      return pairs.length === 0 ? [] : [{ IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, UserIdGroupPairs: pairs }];
    });
    if (permissions.length === 0) continue;
    try {
      await clients.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: other.GroupId, IpPermissions: permissions }), { abortSignal: activitySignal() });
    } catch (error) {
      if (!isAwsError(error, 'InvalidPermission.NotFound', 'InvalidGroup.NotFound')) throw error;
    }
  }
}

export async function deleteSecurityGroups(clients: AwsClients, scope: CleanupScope, stackResourceIds: ReadonlySet<string>): Promise<string[]> {
  const filters = [
    { Name: `tag:${clusterTagKey(scope.clusterName)}`, Values: [OWNED] },
    ...(scope.vpcId ? [{ Name: 'vpc-id', Values: [scope.vpcId] }] : []),
  ];
  const candidates = (await describeGroups(clients, filters)).filter(
    (g) =>
      g.GroupId &&
      g.GroupName !== 'default' &&
      !stackResourceIds.has(g.GroupId) &&
      !(g.Tags ?? []).some((t) => t.Key?.startsWith(CLOUDFORMATION_TAG_PREFIX)),
  );
  const deleted: string[] = [];
  for (const group of candidates) {
    const id = group.GroupId as string;
    await revokeReferences(clients, id);
    try {
      await clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }), { abortSignal: activitySignal() });
    } catch (error) {
      if (isAwsError(error, 'InvalidGroup.NotFound')) continue;
      if (isAwsError(error, 'DependencyViolation')) {
        // A load balancer's interfaces are still going away: the next attempt gets it.
        throw retryableConflict(`security group ${id} (${group.GroupName ?? ''}) is still in use; will retry once the load balancers' interfaces are gone`);
      }
      throw error;
    }
    deleted.push(id);
    heartbeat({ deleted: id });
  }
  return deleted.sort();
}
