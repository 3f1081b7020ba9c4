/** Targeted checks on the properties that matter, CDK-assertions style. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { buildStackTemplate, KMS_KEY_ARN_PARAMETER, logicalIds, ref, stackTags } from '../../src/stack/index.js';
import type { CfnTemplate } from '../../src/stack/index.js';
import { nodeAssetNames } from '../../src/userdata/node-assets.js';
import { defaultStackOptions, Template } from './helpers.js';
import { SCENARIOS } from './scenarios.js';

const seed = seedClusterConfig();
const build = (overrides: Parameters<typeof seedClusterConfig>[0] = {}): Template =>
  Template.fromJSON(buildStackTemplate(seedClusterConfig(overrides), defaultStackOptions()));

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: unknown;
  Condition?: unknown;
}
function statements(t: CfnTemplate, roleId: string): Statement[] {
  const props = t.Resources[roleId]?.Properties as { Policies: { PolicyDocument: { Statement: Statement[] } }[] };
  return props.Policies.flatMap((p) => p.PolicyDocument.Statement);
}

describe('controller instance', () => {
  it('sits at the configured IP in its subnet, named at the top level (no NetworkInterfaces)', () => {
    const t = build();
    t.hasResourceProperties('AWS::EC2::Instance', {
      SubnetId: { Ref: 'Subnet0' },
      PrivateIpAddress: '10.0.0.50',
      SecurityGroupIds: [{ Ref: logicalIds.SECURITY_GROUP_CONTROLLER }],
      IamInstanceProfile: { Ref: logicalIds.IAM_INSTANCE_PROFILE_CONTROLLER },
      KeyName: 'isaack-k8s',
    });
    assert.equal((t.resource(logicalIds.INSTANCE_CONTROLLER).Properties as object as Record<string, unknown>).NetworkInterfaces, undefined);
  });

  it('uses the subnet that holds controllerIP', () => {
    const multi = SCENARIOS.find((s) => s.name === 'multi-az');
    assert.ok(multi);
    const t = Template.fromJSON(buildStackTemplate(multi.config, defaultStackOptions()));
    t.hasResourceProperties('AWS::EC2::Instance', { SubnetId: { Ref: 'Subnet1' }, PrivateIpAddress: '10.0.1.50' });
  });

  it('requires IMDSv2 and boots from an encrypted gp3 /dev/xvda of the configured size', () => {
    const t = build({ controllerRootVolume: { sizeGiB: 50, type: 'gp3', iops: 4000 } });
    t.hasResourceProperties('AWS::EC2::Instance', {
      MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 50, VolumeType: 'gp3', Iops: 4000 } }],
    });
  });

  it('places the caller-supplied user data and AMI as given', () => {
    const userData = { 'Fn::Base64': 'e30=' };
    const t = Template.fromJSON(
      buildStackTemplate(seed, defaultStackOptions({ controllerUserData: userData, amiId: ref('NodeImage'), parameters: { NodeImage: { Type: 'AWS::EC2::Image::Id' } } })),
    );
    t.hasResourceProperties('AWS::EC2::Instance', { UserData: userData, ImageId: { Ref: 'NodeImage' } });
    t.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { ImageId: { Ref: 'NodeImage' } } });
    assert.deepEqual(t.json.Parameters?.NodeImage, { Type: 'AWS::EC2::Image::Id' });
  });

  it('has its Elastic IP in the VPC and no recovery alarm (moto cannot make one)', () => {
    const t = build();
    t.hasResourceProperties('AWS::EC2::EIP', { Domain: 'vpc', InstanceId: { Ref: logicalIds.INSTANCE_CONTROLLER } });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});

describe('workers', () => {
  it('launch from a template with IMDSv2, gp3 and the worker profile; no LaunchConfiguration', () => {
    const t = build();
    t.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
    t.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp3', VolumeSize: 30 } }],
        IamInstanceProfile: { Arn: { 'Fn::GetAtt': [logicalIds.IAM_INSTANCE_PROFILE_WORKER, 'Arn'] } },
        SecurityGroupIds: [{ Ref: logicalIds.SECURITY_GROUP_WORKER }],
      },
    });
  });

  it('form a fixed-size group over every subnet on the latest template version, tags propagated', () => {
    const multi = SCENARIOS.find((s) => s.name === 'multi-az');
    assert.ok(multi);
    const t = Template.fromJSON(buildStackTemplate(multi.config, defaultStackOptions()));
    t.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      VPCZoneIdentifier: [{ Ref: 'Subnet0' }, { Ref: 'Subnet1' }, { Ref: 'Subnet2' }],
      MinSize: '3',
      MaxSize: '3',
      DesiredCapacity: '3',
      LaunchTemplate: { Version: { 'Fn::GetAtt': [logicalIds.LAUNCH_TEMPLATE_WORKER, 'LatestVersionNumber'] } },
    });
    const tags = (t.resource(logicalIds.AUTO_SCALE_WORKER).Properties as { Tags: { Key: string; PropagateAtLaunch: boolean }[] }).Tags;
    assert.ok(tags.some((x) => x.Key === 'kubernetes.io/cluster/kube-cluster' && x.PropagateAtLaunch));
    assert.ok(tags.every((x) => x.PropagateAtLaunch));
  });

  it('bid for spot at workerSpotPrice only when it is set', () => {
    build({ workerSpotPrice: '0.05' }).hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { MaxPrice: '0.05' } } },
    });
    const onDemand = build().resource(logicalIds.LAUNCH_TEMPLATE_WORKER).Properties as { LaunchTemplateData: object };
    assert.equal('InstanceMarketOptions' in onDemand.LaunchTemplateData, false);
  });
});

describe('IAM', () => {
  const t = buildStackTemplate(seed, defaultStackOptions());

  it('binds every kms:Decrypt to the cluster key and an encryption context: own assets, or the bucket through S3', () => {
    for (const [roleId, role] of [[logicalIds.IAM_ROLE_CONTROLLER, 'controller'], [logicalIds.IAM_ROLE_WORKER, 'worker']] as const) {
      const kms = statements(t, roleId).filter((s) => s.Action.some((a) => a.startsWith('kms:')));
      assert.deepEqual(kms.map((s) => [s.Action, s.Resource]), [[['kms:Decrypt'], { Ref: KMS_KEY_ARN_PARAMETER }], [['kms:Decrypt'], { Ref: KMS_KEY_ARN_PARAMETER }]], roleId);
      assert.deepEqual(kms[0]?.Condition, { StringEquals: { 'kms:EncryptionContext:asset': [...nodeAssetNames(role)] } }, roleId);
      assert.deepEqual(kms[1]?.Condition, {
        StringEquals: {
          'kms:EncryptionContext:aws:s3:arn': { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${AssetsBucket}' },
          'kms:ViaService': { 'Fn::Sub': 's3.${AWS::Region}.amazonaws.com' },
        },
      }, roleId);
    }
  });

  it('declares KmsKeyArn for key ARNs only: the configured key ARN is its default, an alias gives none', () => {
    const declared = t.Parameters?.[KMS_KEY_ARN_PARAMETER];
    assert.equal(declared?.Type, 'String');
    assert.equal(declared?.Default, seed.kmsKeyArn);
    const pattern = new RegExp(declared?.AllowedPattern ?? '');
    assert.ok(pattern.test(seed.kmsKeyArn));
    assert.ok(pattern.test('arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab'));
    assert.equal(pattern.test('arn:aws:kms:us-west-1:123456789012:alias/kube-aws-assets'), false, 'an alias ARN is refused');
    const aliased = buildStackTemplate({ ...seed, kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:alias/kube-aws-assets' }, defaultStackOptions());
    assert.equal(aliased.Parameters?.[KMS_KEY_ARN_PARAMETER]?.Default, undefined);
    assert.equal(JSON.stringify(aliased).includes('alias/kube-aws-assets'), false, 'the alias appears nowhere in the template');
  });

  it('grants no wildcard actions (no ec2:*, elasticloadbalancing:*, *)', () => {
    for (const role of [logicalIds.IAM_ROLE_CONTROLLER, logicalIds.IAM_ROLE_WORKER]) {
      const wild = statements(t, role).flatMap((s) => s.Action.filter((a) => a.includes('*')));
      assert.deepEqual(wild, [], role);
    }
  });

  it('lets the controller run the cloud controller manager and workers read only their own object', () => {
    const controllerActions = statements(t, logicalIds.IAM_ROLE_CONTROLLER).flatMap((s) => s.Action);
    for (const a of ['ec2:CreateRoute', 'ec2:AuthorizeSecurityGroupIngress', 'elasticloadbalancing:CreateLoadBalancer', 'ec2:CreateTags']) {
      assert.ok(controllerActions.includes(a), a);
    }
    const s3 = statements(t, logicalIds.IAM_ROLE_WORKER).filter((s) => s.Action.includes('s3:GetObject'));
    assert.deepEqual(s3.map((s) => s.Resource), [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${AssetsBucket}/nodes/worker/config.ign' }]);
  });

  it('gives workers no EC2 change at all: the EBS CSI controller runs on the controller', () => {
    const writes = statements(t, logicalIds.IAM_ROLE_WORKER).flatMap((s) => s.Action).filter((a) => a.startsWith('ec2:') && !a.startsWith('ec2:Describe'));
    assert.deepEqual(writes, []);
  });

  it('conditions every controller EC2 change on the cluster tag: on the resource, or in the create request', () => {
    const owned = { 'aws:ResourceTag/kubernetes.io/cluster/kube-cluster': 'owned' };
    for (const s of statements(t, logicalIds.IAM_ROLE_CONTROLLER)) {
      if (!s.Action.some((a) => a.startsWith('ec2:') && !a.startsWith('ec2:Describe'))) continue;
      const condition = JSON.stringify(s.Condition ?? {});
      assert.ok(
        condition.includes('kubernetes.io/cluster/kube-cluster') || condition.includes('ec2:CreateAction'),
        `${s.Sid} (${s.Action.join(', ')}) has no cluster-tag condition`,
      );
    }
    const bySid = (sid: string) => statements(t, logicalIds.IAM_ROLE_CONTROLLER).find((s) => s.Sid === sid);
    assert.deepEqual(bySid('EbsCsiCreateOwnedVolume')?.Condition, { StringEquals: { 'aws:RequestTag/kubernetes.io/cluster/kube-cluster': 'owned' } });
    assert.deepEqual(bySid('EbsCsiOwnedVolumes')?.Condition, { StringEquals: owned });
    assert.ok(bySid('EbsCsiOwnedVolumes')?.Action.includes('ec2:DeleteVolume'));
    assert.deepEqual(bySid('EbsCsiAttachOwned')?.Action, ['ec2:AttachVolume', 'ec2:DetachVolume']);
    assert.deepEqual(bySid('EbsCsiAttachOwned')?.Condition, { StringEquals: owned });
    assert.deepEqual(bySid('CloudControllerOwnedSecurityGroups')?.Condition, { StringEquals: owned });
    for (const read of ['ec2:DescribeVolumesModifications', 'ec2:DescribeSnapshots', 'ec2:DescribeTags']) {
      assert.ok(bySid('EbsCsiRead')?.Action.includes(read), read);
    }
  });

  it('fixes no IAM names, so CAPABILITY_IAM suffices', () => {
    const tpl = Template.fromJSON(t);
    for (const [id, r] of Object.entries(tpl.findResources('AWS::IAM::Role'))) {
      assert.equal((r.Properties as Record<string, unknown>).RoleName, undefined, id);
    }
    for (const [id, r] of Object.entries(tpl.findResources('AWS::IAM::InstanceProfile'))) {
      assert.equal((r.Properties as Record<string, unknown>).InstanceProfileName, undefined, id);
    }
    tpl.resourceCountIs('AWS::IAM::Role', 2);
    tpl.resourceCountIs('AWS::IAM::InstanceProfile', 2);
  });
});

describe('phases', () => {
  const t = Template.fromJSON(buildStackTemplate(seed, defaultStackOptions()));
  const nodeIds = [logicalIds.INSTANCE_CONTROLLER, logicalIds.EIP_CONTROLLER, logicalIds.AUTO_SCALE_WORKER, logicalIds.EXTERNAL_DNS];

  it('declares Phase (assets|nodes, default nodes) and CreateNodes', () => {
    assert.deepEqual(t.json.Parameters?.Phase?.AllowedValues, ['assets', 'nodes']);
    assert.equal(t.json.Parameters?.Phase?.Default, 'nodes');
    assert.deepEqual(t.json.Conditions?.CreateNodes, { 'Fn::Equals': [{ Ref: 'Phase' }, 'nodes'] });
  });

  it('puts exactly the node resources and node outputs under CreateNodes', () => {
    const conditional = Object.entries(t.json.Resources)
      .filter(([, r]) => r.Condition !== undefined)
      .map(([id, r]) => `${id}:${r.Condition}`);
    assert.deepEqual(conditional.sort(), nodeIds.map((id) => `${id}:CreateNodes`).sort());
    const outputs = Object.entries(t.json.Outputs ?? {})
      .filter(([, o]) => o.Condition === 'CreateNodes')
      .map(([k]) => k);
    assert.deepEqual(outputs.sort(), ['ControllerIP', 'ControllerPrivateIP', 'WorkerAutoScalingGroup']);
  });

  it('starts nodes only after the route to the internet exists (they fetch configs from S3)', () => {
    t.hasResource('AWS::EC2::Instance', { DependsOn: ['RouteToInternet', 'Subnet0RouteTableAssociation'] });
    t.hasResource('AWS::AutoScaling::AutoScalingGroup', { DependsOn: ['RouteToInternet', 'Subnet0RouteTableAssociation'] });
  });
});

describe('network', () => {
  it('creates VPC, gateway and routes, and exempts each subnet from cfn-lint W3010', () => {
    const t = build();
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: true });
    t.resourceCountIs('AWS::EC2::InternetGateway', 1);
    t.hasResourceProperties('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'InternetGateway' } });
    t.hasResource('AWS::EC2::Subnet', {
      Metadata: { 'cfn-lint': { config: { ignore_checks: ['W3010'] } } },
      Properties: { AvailabilityZone: 'us-west-1c', CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: true },
    });
  });

  it('reuses an existing VPC: no VPC or gateway, associations to routeTableId only when given', () => {
    const withRt = build({ vpcId: 'vpc-1', routeTableId: 'rtb-1' });
    withRt.resourceCountIs('AWS::EC2::VPC', 0);
    withRt.resourceCountIs('AWS::EC2::InternetGateway', 0);
    withRt.hasResourceProperties('AWS::EC2::Subnet', { VpcId: 'vpc-1' });
    withRt.hasResourceProperties('AWS::EC2::SubnetRouteTableAssociation', { RouteTableId: 'rtb-1' });
    withRt.resourceCountIs('AWS::EC2::EIP', 1);
    assert.equal(withRt.resource(logicalIds.EIP_CONTROLLER).DependsOn, undefined);

    const noRt = build({ vpcId: 'vpc-1' });
    noRt.resourceCountIs('AWS::EC2::SubnetRouteTableAssociation', 0);
    assert.equal(noRt.resource(logicalIds.INSTANCE_CONTROLLER).DependsOn, undefined);
  });

  it('opens etcd only between controllers, kubelet to the controller and workers, Calico only with useCalico', () => {
    const t = build();
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { Ref: 'SecurityGroupController' },
      SourceSecurityGroupId: { Ref: 'SecurityGroupController' },
      FromPort: 2379,
      ToPort: 2380,
    });
    assert.equal(Object.keys(t.findResources('AWS::EC2::SecurityGroupIngress', { FromPort: 2379 })).length, 1);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { Ref: 'SecurityGroupWorker' },
      SourceSecurityGroupId: { Ref: 'SecurityGroupController' },
      IpProtocol: 'tcp',
      FromPort: 10250,
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'udp', FromPort: 8472, ToPort: 8472 });
    assert.equal(Object.keys(t.findResources('AWS::EC2::SecurityGroupIngress', { FromPort: 179 })).length, 0);

    const calico = build({ useCalico: true });
    assert.equal(Object.keys(calico.findResources('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 179 })).length, 3);
    assert.equal(Object.keys(calico.findResources('AWS::EC2::SecurityGroupIngress', { IpProtocol: '4' })).length, 3);
  });

  it('keeps the API server and ssh public, and NodePorts inside the VPC', () => {
    const t = build();
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'kube-aws kube-cluster controller',
      SecurityGroupIngress: [
        { IpProtocol: 'icmp', FromPort: 3, ToPort: -1, CidrIp: '0.0.0.0/0' },
        { IpProtocol: 'tcp', FromPort: 22, CidrIp: '0.0.0.0/0' },
        { IpProtocol: 'tcp', FromPort: 443, CidrIp: '0.0.0.0/0' },
      ],
    });
    const worker = t.resource(logicalIds.SECURITY_GROUP_WORKER).Properties as { SecurityGroupIngress: { FromPort: number; CidrIp: string }[] };
    const nodePorts = worker.SecurityGroupIngress.filter((r) => r.FromPort === 30000);
    assert.ok(nodePorts.length > 0 && nodePorts.every((r) => r.CidrIp === '10.0.0.0/16'));
  });
});

describe('DNS', () => {
  it('passes a bare hosted zone id, stripping a /hostedzone/ prefix', () => {
    build({ hostedZone: undefined, hostedZoneId: '/hostedzone/Z0ABC' }).hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: 'Z0ABC',
      Name: 'kube.isaack.io',
      Type: 'A',
      TTL: '300',
      ResourceRecords: [{ Ref: logicalIds.EIP_CONTROLLER }],
    });
  });

  it('uses the zone name with a trailing dot, and makes no record without createRecordSet', () => {
    build({ hostedZone: 'isaack.io' }).hasResourceProperties('AWS::Route53::RecordSet', { HostedZoneName: 'isaack.io.' });
    build({ createRecordSet: false, hostedZone: undefined }).resourceCountIs('AWS::Route53::RecordSet', 0);
  });
});

describe('assets bucket and tags', () => {
  it('encrypts with the cluster key, blocks public access and versions objects', () => {
    build().hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { Ref: KMS_KEY_ARN_PARAMETER } } }],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('tags every taggable resource with both cluster tags, and keeps stackTags out of the template', () => {
    const t = build();
    const taggable = ['AWS::EC2::VPC', 'AWS::EC2::InternetGateway', 'AWS::EC2::RouteTable', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Instance', 'AWS::EC2::EIP', 'AWS::IAM::Role', 'AWS::S3::Bucket', 'AWS::AutoScaling::AutoScalingGroup'];
    for (const [id, r] of Object.entries(t.json.Resources)) {
      if (!taggable.includes(r.Type)) continue;
      const tags = (r.Properties as { Tags: { Key: string; Value: string }[] }).Tags;
      assert.ok(tags.some((x) => x.Key === 'KubernetesCluster' && x.Value === 'kube-cluster'), id);
      assert.ok(tags.some((x) => x.Key === 'kubernetes.io/cluster/kube-cluster' && x.Value === 'owned'), id);
    }
    assert.equal(JSON.stringify(t.json).includes('Production'), false);
    assert.deepEqual(stackTags(seed), [
      { Key: 'Environment', Value: 'Production' },
      { Key: 'Name', Value: 'Kubernetes' },
    ]);
  });
});
