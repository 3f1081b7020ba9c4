/**
 * What the instance metadata service of one machine answers, read from AWS as EC2 would know it:
 * the instance's facts from DescribeInstances, its metadata options and instance profile (from the
 * instance, or from the launch template it was launched from when the emulator leaves them off the
 * instance), the profile's role from IAM, and the role's credentials from STS AssumeRole with the
 * instance id as session name — the identity AWS gives the instance (`assumed-role/<role>/<id>`).
 */
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import type { EC2Client, Instance } from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import type { InstanceFacts, RoleCredentials } from './imds.js';

export interface IdentityClients {
  readonly ec2: EC2Client;
  readonly autoScaling: AutoScalingClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
}

interface LaunchTemplateFacts {
  readonly profile?: { Arn?: string; Name?: string };
  readonly httpTokens?: string;
}

async function launchTemplateOf(c: IdentityClients, instanceId: string, groupName: string | undefined): Promise<LaunchTemplateFacts> {
  if (!groupName) return {};
  const groups = await c.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }));
  const group = groups.AutoScalingGroups?.[0];
  const member = group?.Instances?.find((i) => i.InstanceId === instanceId);
  const template = member?.LaunchTemplate ?? group?.LaunchTemplate;
  if (!template?.LaunchTemplateId && !template?.LaunchTemplateName) return {};
  const versions = await c.ec2.send(
    new DescribeLaunchTemplateVersionsCommand({
      ...(template.LaunchTemplateId ? { LaunchTemplateId: template.LaunchTemplateId } : { LaunchTemplateName: template.LaunchTemplateName }),
      Versions: [template.Version ?? '$Default'],
    }),
  );
  const data = versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
  return { ...(data?.IamInstanceProfile ? { profile: data.IamInstanceProfile } : {}), ...(data?.MetadataOptions?.HttpTokens ? { httpTokens: data.MetadataOptions.HttpTokens } : {}) };
}

function profileName(profile: { Arn?: string; Name?: string }): string | undefined {
  return profile.Name ?? profile.Arn?.split('/').pop();
}

/** The facts IMDS serves for `instanceId`; `groupName` is the Auto Scaling group that launched it, if any. */
export async function instanceFacts(c: IdentityClients, instanceId: string, region: string, groupName?: string): Promise<InstanceFacts> {
  const out = await c.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance: Instance | undefined = out.Reservations?.[0]?.Instances?.[0];
  if (!instance) throw new Error(`instance ${instanceId} not found in EC2`);
  const template = await launchTemplateOf(c, instanceId, groupName);
  const profile = instance.IamInstanceProfile?.Arn ? { Arn: instance.IamInstanceProfile.Arn } : template.profile;
  let roleName: string | undefined;
  let roleArn: string | undefined;
  let instanceProfileArn: string | undefined;
  const name = profile && profileName(profile);
  if (name) {
    const p = await c.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }));
    instanceProfileArn = p.InstanceProfile?.Arn;
    roleName = p.InstanceProfile?.Roles?.[0]?.RoleName;
    roleArn = p.InstanceProfile?.Roles?.[0]?.Arn;
  }
  const userData = await c.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'userData' }));
  const privateIp = instance.PrivateIpAddress ?? '';
  const httpTokens = template.httpTokens ?? instance.MetadataOptions?.HttpTokens ?? 'optional';
  return {
    instanceId,
    instanceType: instance.InstanceType ?? '',
    imageId: instance.ImageId ?? '',
    privateIp,
    // EC2's IP-based name: `ip-10-0-0-50.us-west-1.compute.internal` (`.ec2.internal` in us-east-1).
    privateDnsName: `ip-${privateIp.replace(/\./g, '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`,
    mac: instance.NetworkInterfaces?.[0]?.MacAddress ?? '0e:00:00:00:00:01',
    region,
    availabilityZone: instance.Placement?.AvailabilityZone ?? '',
    // The reservation's owner is the account that launched the instance.
    accountId: out.Reservations?.[0]?.OwnerId ?? instance.NetworkInterfaces?.[0]?.OwnerId ?? '',
    httpTokens: httpTokens === 'required' ? 'required' : 'optional',
    ...(userData.UserData?.Value ? { userData: Buffer.from(userData.UserData.Value, 'base64') } : {}),
    ...(instanceProfileArn ? { instanceProfileArn } : {}),
    ...(roleName ? { roleName } : {}),
    ...(roleArn ? { roleArn } : {}),
  };
}

/** The instance role's credentials, renewed five minutes before they expire. */
export function roleCredentials(c: IdentityClients, facts: InstanceFacts): () => Promise<RoleCredentials> {
  let current: RoleCredentials | undefined;
  return async () => {
    if (current && current.expiration.getTime() - Date.now() > 5 * 60_000) return current;
    const roleArn = facts.roleArn;
    if (!roleArn) throw new Error(`instance ${facts.instanceId} has no instance profile`);
    const out = await c.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: facts.instanceId, DurationSeconds: 3600 }));
    const k = out.Credentials;
    if (!k?.AccessKeyId || !k.SecretAccessKey || !k.SessionToken) throw new Error(`STS gave no credentials for ${roleArn}`);
    current = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey, token: k.SessionToken, expiration: k.Expiration ?? new Date(Date.now() + 3600_000) };
    return current;
  };
}
