/**
 * Who can reach the nodes and their bucket: instance metadata hop limit, the security groups'
 * source CIDRs, workers without public addresses, the assets bucket's policy, the deploying
 * principal's patterns, and the policy table's upstream versions against the pinned images.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { KUBERNETES_RELEASES, EBS_CSI_DRIVER_IMAGE } from '../../src/manifests/versions.js';
import { buildStackTemplate, deployerPrincipalArns, logicalIds, POLICY_TABLE } from '../../src/stack/index.js';
import { defaultStackOptions, Template } from './helpers.js';

const build = (overrides: Parameters<typeof seedClusterConfig>[0] = {}): Template =>
  Template.fromJSON(buildStackTemplate(seedClusterConfig(overrides), defaultStackOptions()));

interface Rule {
  IpProtocol: string;
  FromPort?: number;
  CidrIp?: string;
}
const ingress = (t: Template, id: string): Rule[] => (t.resource(id).Properties as { SecurityGroupIngress: Rule[] }).SecurityGroupIngress;
const cidrsFor = (rules: Rule[], port: number): (string | undefined)[] => rules.filter((r) => r.IpProtocol === 'tcp' && r.FromPort === port).map((r) => r.CidrIp);

describe('instance metadata', () => {
  it('takes instanceMetadata.hopLimit on the controller and the workers', () => {
    const t = build({ instanceMetadata: { hopLimit: 2 } });
    const expected = { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 2 };
    t.hasResourceProperties('AWS::EC2::Instance', { MetadataOptions: expected });
    t.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: expected } });
  });
});

describe('security groups from outside the VPC', () => {
  it('admits SSH and the API server from each listed CIDR only', () => {
    const t = build({ sshAccessAllowedSourceCIDRs: ['203.0.113.0/24', '198.51.100.7/32'], apiEndpointAllowedSourceCIDRs: ['192.0.2.0/24'] });
    const controller = ingress(t, logicalIds.SECURITY_GROUP_CONTROLLER);
    assert.deepEqual(cidrsFor(controller, 22), ['203.0.113.0/24', '198.51.100.7/32']);
    assert.deepEqual(cidrsFor(controller, 443), ['192.0.2.0/24']);
    assert.deepEqual(cidrsFor(ingress(t, logicalIds.SECURITY_GROUP_WORKER), 22), ['203.0.113.0/24', '198.51.100.7/32']);
    assert.equal(JSON.stringify(controller).includes('"tcp","FromPort":22,"ToPort":22,"CidrIp":"0.0.0.0/0"'), false);
  });

  it('closes SSH with an empty list, and keeps the API server open to the workers by group', () => {
    const t = build({ sshAccessAllowedSourceCIDRs: [], apiEndpointAllowedSourceCIDRs: [] });
    assert.deepEqual(cidrsFor(ingress(t, logicalIds.SECURITY_GROUP_CONTROLLER), 22), []);
    assert.deepEqual(cidrsFor(ingress(t, logicalIds.SECURITY_GROUP_WORKER), 22), []);
    assert.deepEqual(cidrsFor(ingress(t, logicalIds.SECURITY_GROUP_CONTROLLER), 443), []);
    assert.deepEqual(t.resource('SecurityGroupControllerIngressFromWorkerApiServer').Properties, {
      GroupId: { Ref: logicalIds.SECURITY_GROUP_CONTROLLER },
      SourceSecurityGroupId: { Ref: logicalIds.SECURITY_GROUP_WORKER },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
  });
});

describe('mapPublicIPs', () => {
  it('true (the default): the workers take the subnet default, with the group at the top level', () => {
    build().hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { SecurityGroupIds: [{ Ref: logicalIds.SECURITY_GROUP_WORKER }] } });
  });
  it('false: the workers primary interface has no public address and carries the group', () => {
    const t = build({ mapPublicIPs: false, vpcId: 'vpc-0a1b2c3d4e5f60718' });
    const data = (t.resource(logicalIds.LAUNCH_TEMPLATE_WORKER).Properties as { LaunchTemplateData: Record<string, unknown> }).LaunchTemplateData;
    assert.equal(data.SecurityGroupIds, undefined, 'EC2 refuses SecurityGroupIds next to NetworkInterfaces');
    assert.deepEqual(data.NetworkInterfaces, [{ DeviceIndex: 0, AssociatePublicIpAddress: false, Groups: [{ Ref: logicalIds.SECURITY_GROUP_WORKER }], DeleteOnTermination: true }]);
  });
});

describe('assets bucket policy', () => {
  const t = build();
  const policy = t.resource('AssetsBucketPolicy').Properties as { Bucket: unknown; PolicyDocument: { Statement: Record<string, unknown>[] } };
  const resources = [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${AssetsBucket}' }, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${AssetsBucket}/*' }];

  it('denies every request without TLS', () => {
    assert.deepEqual(policy.Bucket, { Ref: 'AssetsBucket' });
    assert.deepEqual(policy.PolicyDocument.Statement[0], {
      Sid: 'DenyWithoutTls',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*'],
      Resource: resources,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('denies everyone but the two node roles and the deploying principal, except managing the policy itself', () => {
    assert.deepEqual(policy.PolicyDocument.Statement[1], {
      Sid: 'DenyAllButNodesAndDeployer',
      Effect: 'Deny',
      Principal: '*',
      NotAction: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
      Resource: resources,
      Condition: {
        ArnNotLike: {
          'aws:PrincipalArn': {
            'Fn::Split': [',', { 'Fn::Join': [',', [{ 'Fn::GetAtt': ['IAMRoleController', 'Arn'] }, { 'Fn::GetAtt': ['IAMRoleWorker', 'Arn'] }, { Ref: 'DeployerPrincipalArns' }]] }],
          },
        },
      },
    });
    assert.equal(t.json.Parameters?.DeployerPrincipalArns?.Default, undefined, 'who deploys is only known at up');
  });
});

describe('deployerPrincipalArns', () => {
  const pattern = new RegExp(build().json.Parameters?.DeployerPrincipalArns?.AllowedPattern ?? '^$');
  it('turns a role session into the role at any path, which is what aws:PrincipalArn holds', () => {
    const value = deployerPrincipalArns('arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com');
    assert.equal(value, 'arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123,arn:aws:iam::123456789012:role/*/AWSReservedSSO_Admin_0123');
    assert.ok(pattern.test(value));
  });
  it('keeps users, the root user and federated users as they are; refuses what is not a principal ARN', () => {
    for (const arn of ['arn:aws:iam::123456789012:user/ci/deployer', 'arn:aws:iam::123456789012:root', 'arn:aws-us-gov:sts::123456789012:federated-user/bob']) {
      assert.equal(deployerPrincipalArns(arn), arn);
      assert.ok(pattern.test(arn), arn);
    }
    assert.throws(() => deployerPrincipalArns('AIDAEXAMPLE'), /not a principal ARN/);
  });
});

describe('policy table', () => {
  const tag = (image: string): string => image.slice(image.lastIndexOf(':') + 1);
  const follows = (project: string): string[] => POLICY_TABLE.flatMap((s) => (s.follows?.project === project ? [s.follows.version] : []));

  it('follows the cloud-provider-aws release every Kubernetes row pins for the cloud controller', () => {
    const versions = new Set(follows('kubernetes/cloud-provider-aws'));
    assert.equal(versions.size, 1, 'one cloud-provider-aws release for the node and control-plane sets');
    for (const row of KUBERNETES_RELEASES) {
      assert.ok(versions.has(tag(row.images.awsCloudControllerManager)), `the ${row.minor} row pins ${row.images.awsCloudControllerManager}; revisit cloud-controller-manager.ts and node.ts`);
    }
  });

  it('follows the aws-ebs-csi-driver release the addon pins', () => {
    assert.deepEqual(follows('kubernetes-sigs/aws-ebs-csi-driver'), [tag(EBS_CSI_DRIVER_IMAGE)], 'revisit ebs-csi-driver.ts');
  });

  it('names each set once and gives the EBS and cloud controller sets to the controller only', () => {
    assert.equal(new Set(POLICY_TABLE.map((s) => s.name)).size, POLICY_TABLE.length);
    for (const name of ['cloud-controller-manager', 'ebs-csi-driver']) {
      assert.deepEqual(POLICY_TABLE.find((s) => s.name === name)?.roles, ['controller'], name);
    }
  });
});
