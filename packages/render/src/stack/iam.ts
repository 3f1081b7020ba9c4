/**
 * IAM roles and instance profiles for the nodes, with policies scoped to what runs on each:
 * the controller runs aws-cloud-controller-manager; workers pull images, attach EBS volumes for
 * the CSI driver and read their own config from the assets bucket. No role names are fixed, so
 * the stack needs only CAPABILITY_IAM (never CAPABILITY_NAMED_IAM).
 */
import type { ClusterConfig } from '@kube-aws/config';
import { IAM_INSTANCE_PROFILE_CONTROLLER, IAM_INSTANCE_PROFILE_WORKER, IAM_ROLE_CONTROLLER, IAM_ROLE_WORKER, KMS_KEY_ARN_PARAMETER } from './logical-ids.js';
import { ref, sub } from './template-builder.js';
import type { CfnValue, Ref, TemplateBuilder } from './template-builder.js';

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: CfnValue | readonly CfnValue[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface IamRefs {
  readonly controllerProfile: Ref<'AWS::IAM::InstanceProfile'>;
  readonly workerProfile: Ref<'AWS::IAM::InstanceProfile'>;
}

/** Where node configs live in the assets bucket; the IAM policies grant exactly these. */
export interface AssetKeys {
  /** Prefix (ending in `/`) holding the controller's objects. */
  readonly controllerPrefix: string;
  /** The single object a worker reads. */
  readonly workerObject: string;
}

export const DEFAULT_ASSET_KEYS: AssetKeys = {
  controllerPrefix: 'nodes/controller/',
  workerObject: 'nodes/worker/config.ign',
};

/**
 * What aws-cloud-controller-manager's documented control-plane policy lists (cloud-provider-aws,
 * "IAM Policy"): node and route discovery, security groups and routes for Services, classic and v2
 * load balancers, and volume calls it still makes for in-tree-style volume labelling.
 */
const CLOUD_CONTROLLER_ACTIONS = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeTags',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceTopology',
  'ec2:DescribeRegions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVolumes',
  'ec2:DescribeVpcs',
  'ec2:CreateSecurityGroup',
  'ec2:CreateTags',
  'ec2:CreateVolume',
  'ec2:ModifyInstanceAttribute',
  'ec2:ModifyVolume',
  'ec2:AttachVolume',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateRoute',
  'ec2:DeleteRoute',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteVolume',
  'ec2:DetachVolume',
  'ec2:RevokeSecurityGroupIngress',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
  'elasticloadbalancing:AttachLoadBalancerToSubnets',
  'elasticloadbalancing:ConfigureHealthCheck',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancerListeners',
  'elasticloadbalancing:CreateLoadBalancerPolicy',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:DeleteLoadBalancerListeners',
  'elasticloadbalancing:DeleteTargetGroup',
  'elasticloadbalancing:DeregisterInstancesFromLoadBalancer',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:DetachLoadBalancerFromSubnets',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer',
  'elasticloadbalancing:SetLoadBalancerPoliciesOfListener',
  'iam:CreateServiceLinkedRole',
];

/** Read-only image pulls from ECR (GetAuthorizationToken only works on `*`). */
const ECR_PULL_ACTIONS = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'ecr:DescribeRepositories',
  'ecr:ListImages',
];

const EC2_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }],
};

/**
 * Decrypting with exactly the cluster's key: TLS assets and SSE-KMS objects in the bucket. The key
 * ARN comes from the `KmsKeyArn` parameter, which `up` fills with what `kmsKeyArn` resolves to: IAM
 * matches key operations against the key's ARN, so an alias ARN here would allow nothing.
 */
function kmsStatement(): PolicyStatement {
  return { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: ref(KMS_KEY_ARN_PARAMETER) };
}

function getObject(bucket: Ref, key: string): PolicyStatement {
  return {
    Effect: 'Allow',
    Action: ['s3:GetObject'],
    Resource: sub(`arn:\${AWS::Partition}:s3:::\${${bucket.Ref}}/${key}`),
  };
}

/** EBS CSI attach/detach, only for volumes and instances tagged as this cluster's. */
function ebsAttachStatement(config: ClusterConfig): PolicyStatement {
  return {
    Effect: 'Allow',
    Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
    Resource: [
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:volume/*'),
      sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'),
    ],
    Condition: { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${config.clusterName}`]: 'owned' } },
  };
}

function addRole(b: TemplateBuilder, roleId: string, profileId: string, statements: PolicyStatement[]): Ref<'AWS::IAM::InstanceProfile'> {
  const role = b.add(roleId, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: EC2_TRUST_POLICY,
      Path: '/',
      Policies: [{ PolicyName: 'node', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  });
  return b.add(profileId, { Type: 'AWS::IAM::InstanceProfile', Properties: { Path: '/', Roles: [role] } });
}

export function addIam(b: TemplateBuilder, config: ClusterConfig, assetsBucket: Ref, keys: AssetKeys): IamRefs {
  const controllerProfile = addRole(b, IAM_ROLE_CONTROLLER, IAM_INSTANCE_PROFILE_CONTROLLER, [
    { Effect: 'Allow', Action: CLOUD_CONTROLLER_ACTIONS, Resource: '*' },
    kmsStatement(),
    getObject(assetsBucket, `${keys.controllerPrefix}*`),
  ]);
  const workerProfile = addRole(b, IAM_ROLE_WORKER, IAM_INSTANCE_PROFILE_WORKER, [
    {
      Effect: 'Allow',
      Action: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeInstances', 'ec2:DescribeRegions', 'ec2:DescribeVolumes'],
      Resource: '*',
    },
    { Effect: 'Allow', Action: ECR_PULL_ACTIONS, Resource: '*' },
    ebsAttachStatement(config),
    kmsStatement(),
    getObject(assetsBucket, keys.workerObject),
  ]);
  return { controllerProfile, workerProfile };
}
