/**
 * cleanupKubernetesResources against moto: what Kubernetes made (load balancers, their target
 * groups and security groups, volumes, interfaces) goes, the stack's own resources and anything
 * shared or foreign stay, and the versioned assets bucket is emptied so DeleteStack can remove it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStackCommand, DeleteStackCommand, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  AttachVolumeCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand as CreateClassicCommand, DescribeLoadBalancersCommand as DescribeClassicCommand } from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { AwsClients } from '../../src/clients.js';
import type { CleanupReport } from '../../src/contract.js';
import { STACK_OWNER_TAG } from '../../src/contract.js';
import { runActivity } from '../helpers/activity-env.js';
import { FLATCAR_AMIS, startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';

const CLUSTER = 'kube-cluster';

interface Tag {
  readonly Key: string;
  readonly Value: string;
}
const OWNED: Tag = { Key: `kubernetes.io/cluster/${CLUSTER}`, Value: 'owned' };
const SHARED: Tag = { Key: `kubernetes.io/cluster/${CLUSTER}`, Value: 'shared' };
const OTHER_CLUSTER: Tag = { Key: 'kubernetes.io/cluster/other-cluster', Value: 'owned' };

describe('cleanupKubernetesResources (moto)', () => {
  let moto: MotoServer;
  let clients: AwsClients;
  const activities = createNodeAndAssetActivities(resolveDeps());
  const cleanup = (vpcId?: string): Promise<CleanupReport> =>
    runActivity(() => activities.cleanupKubernetesResources({ region: 'us-west-1', clusterName: CLUSTER, ...(vpcId ? { vpcId } : {}) }));

  // What the test made, to check what is left afterwards.
  let vpcId = '';
  let bucket = '';
  let nodeGroupId = '';
  const made = { volumes: [] as string[], keptVolumes: [] as string[], eni: '', keptEni: '', elbGroup: '', nlb: '', nlbGroup: '', orphanGroup: '', keptGroup: '' };

  const volume = async (tags: Tag[]): Promise<string> => {
    const out = await clients.ec2.send(
      new CreateVolumeCommand({ AvailabilityZone: 'us-west-1a', Size: 1, ...(tags.length ? { TagSpecifications: [{ ResourceType: 'volume', Tags: tags }] } : {}) }),
    );
    return out.VolumeId ?? '';
  };

  before(async () => {
    moto = await startMoto();
    clients = moto.clients();
    const vpc = await clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    vpcId = vpc.Vpc?.VpcId ?? '';
    const subnet = await clients.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-west-1a' }));
    const subnetId = subnet.Subnet?.SubnetId ?? '';

    // The cluster's stack: a node security group (CloudFormation's, with the cluster tag too) and the assets bucket.
    await clients.cloudFormation.send(
      new CreateStackCommand({
        StackName: CLUSTER,
        Tags: [{ Key: STACK_OWNER_TAG, Value: CLUSTER }],
        TemplateBody: JSON.stringify({
          Resources: {
            SecurityGroupWorker: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'workers', VpcId: vpcId, Tags: [OWNED] } },
            AssetsBucket: { Type: 'AWS::S3::Bucket' },
          },
          Outputs: { VpcId: { Value: vpcId } },
        }),
      }),
    );
    const resources = await clients.cloudFormation.send(new DescribeStackResourcesCommand({ StackName: CLUSTER }));
    const physical = (id: string): string => resources.StackResources?.find((r) => r.LogicalResourceId === id)?.PhysicalResourceId ?? '';
    nodeGroupId = physical('SecurityGroupWorker');
    bucket = physical('AssetsBucket');

    // Versions and a delete marker in the bucket.
    await clients.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    for (const body of ['v1', 'v2']) await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'nodes/worker/config.ign', Body: body }));
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'nodes/controller/config.ign', Body: 'c' }));
    await clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'nodes/controller/config.ign' }));

    // Volumes: two left by the CSI driver; one shared, one untagged, one of another cluster, one attached.
    made.volumes.push(await volume([OWNED]), await volume([OWNED, { Key: 'kubernetes.io/created-for/pvc/name', Value: 'data' }]));
    made.keptVolumes.push(await volume([SHARED]), await volume([]), await volume([OTHER_CLUSTER]));
    const instance = await clients.ec2.send(new RunInstancesCommand({ ImageId: FLATCAR_AMIS[0]?.id, MinCount: 1, MaxCount: 1, SubnetId: subnetId }));
    const attached = await volume([OWNED]);
    await clients.ec2.send(new AttachVolumeCommand({ VolumeId: attached, InstanceId: instance.Instances?.[0]?.InstanceId, Device: '/dev/xvdf' }));
    made.keptVolumes.push(attached);

    // Interfaces: one detached with the tag, one without.
    const eni = await clients.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, TagSpecifications: [{ ResourceType: 'network-interface', Tags: [OWNED] }] }));
    made.eni = eni.NetworkInterface?.NetworkInterfaceId ?? '';
    made.keptEni = (await clients.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface?.NetworkInterfaceId ?? '';

    // The cloud controller's ELB security group, opened on the node group; and someone else's group.
    const elbGroup = await clients.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'k8s-elb-a1b2c3', Description: 'Security group for Kubernetes ELB a1b2c3', VpcId: vpcId, TagSpecifications: [{ ResourceType: 'security-group', Tags: [OWNED] }] }),
    );
    made.elbGroup = elbGroup.GroupId ?? '';
    await clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: nodeGroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 30080, ToPort: 30080, UserIdGroupPairs: [{ GroupId: made.elbGroup }] }] }),
    );
    made.keptGroup = (await clients.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'mine', Description: 'not Kubernetes', VpcId: vpcId }))).GroupId ?? '';

    // A classic ELB of the cluster and one that is not.
    await clients.elb.send(
      new CreateClassicCommand({ LoadBalancerName: 'a1b2c3', Subnets: [subnetId], Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 80, InstancePort: 30080 }], Tags: [OWNED] }),
    );
    await clients.elb.send(new CreateClassicCommand({ LoadBalancerName: 'not-kubernetes', Subnets: [subnetId], Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 80, InstancePort: 80 }] }));

    // An NLB with its (untagged) target group, and an orphaned tagged target group.
    const nlb = await clients.elbv2.send(new CreateLoadBalancerCommand({ Name: 'k8s-default-web', Type: 'network', Subnets: [subnetId], Tags: [OWNED] }));
    made.nlb = nlb.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    const group = await clients.elbv2.send(new CreateTargetGroupCommand({ Name: 'k8s-default-web-tg', Protocol: 'TCP', Port: 30081, VpcId: vpcId, TargetType: 'instance' }));
    made.nlbGroup = group.TargetGroups?.[0]?.TargetGroupArn ?? '';
    await clients.elbv2.send(
      new CreateListenerCommand({ LoadBalancerArn: made.nlb, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: made.nlbGroup }] }),
    );
    const orphan = await clients.elbv2.send(new CreateTargetGroupCommand({ Name: 'k8s-orphan', Protocol: 'TCP', Port: 30082, VpcId: vpcId, Tags: [OWNED] }));
    made.orphanGroup = orphan.TargetGroups?.[0]?.TargetGroupArn ?? '';
  });
  after(() => moto?.stop());

  it('deletes what Kubernetes made for the cluster and empties the assets bucket', async () => {
    const report = await cleanup();
    assert.deepEqual(report.loadBalancers, ['a1b2c3', made.nlb, ...[made.nlbGroup, made.orphanGroup].sort()]);
    assert.deepEqual(report.volumes, [...made.volumes].sort());
    assert.deepEqual(report.networkInterfaces, [made.eni]);
    assert.deepEqual(report.securityGroups, [made.elbGroup]);
    assert.equal(report.bucketObjects, 4); // three versions and one delete marker
  });

  it('leaves the stack\'s, shared, foreign and attached resources alone', async () => {
    const volumes = await clients.ec2.send(new DescribeVolumesCommand({ VolumeIds: made.keptVolumes }));
    assert.equal(volumes.Volumes?.length, made.keptVolumes.length);
    const enis = await clients.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [made.keptEni] }));
    assert.equal(enis.NetworkInterfaces?.length, 1);
    const groups = await clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [nodeGroupId, made.keptGroup] }));
    assert.equal(groups.SecurityGroups?.length, 2);
    // The node group no longer refers to the deleted ELB group.
    const nodeGroup = groups.SecurityGroups?.find((g) => g.GroupId === nodeGroupId);
    assert.ok(!(nodeGroup?.IpPermissions ?? []).some((p) => p.UserIdGroupPairs?.some((pair) => pair.GroupId === made.elbGroup)));
    const elbs = await clients.elb.send(new DescribeClassicCommand({}));
    assert.deepEqual(elbs.LoadBalancerDescriptions?.map((l) => l.LoadBalancerName), ['not-kubernetes']);
    assert.equal((await clients.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.length ?? 0, 0);
    assert.equal((await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.length ?? 0, 0);
    const versions = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    assert.equal((versions.Versions ?? []).length + (versions.DeleteMarkers ?? []).length, 0);
  });

  it('is idempotent: a second run finds nothing', async () => {
    assert.deepEqual(await cleanup(vpcId), { loadBalancers: [], volumes: [], networkInterfaces: [], securityGroups: [], bucketObjects: 0 });
  });

  it('still works when the stack is gone', async () => {
    await clients.cloudFormation.send(new DeleteStackCommand({ StackName: CLUSTER }));
    const late = await volume([OWNED]);
    assert.deepEqual(await cleanup(), { loadBalancers: [], volumes: [late], networkInterfaces: [], securityGroups: [], bucketObjects: 0 });
  });
});
