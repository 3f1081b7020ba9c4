/**
 * aws-cloud-controller-manager's permissions: the "Control Plane Policy" of cloud-provider-aws
 * v1.35.0 (docs/prerequisites.md), the release the addon pins. Restated, not copied, with these
 * differences (each checked against v1.35.0's code):
 * - No volume actions (CreateVolume, AttachVolume, DetachVolume, DeleteVolume, ModifyVolume) and no
 *   kms:DescribeKey: v1.35.0 makes none of these calls (they served the in-tree volume plugin); the
 *   EBS CSI driver's set grants volumes, with tag conditions.
 * - Security-group, instance and route changes only on what carries this cluster's owned tag; a new
 *   group only with that tag in the same request (v1.35.0 creates groups with TagSpecifications),
 *   only in the cluster's VPC; ec2:CreateTags only while creating a group. Upstream grants these on
 *   `*`, which would let the role tag anything as the cluster's and so defeat every tag condition.
 * - iam:CreateServiceLinkedRole only for Elastic Load Balancing.
 */
import { ec2Arn, ownedRequest, ownedResource, vpcArn } from './statement.js';
import type { PolicyContext, PolicyStatement } from './statement.js';

const READ_ACTIONS = [
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
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
];

/** Load balancers for Services of type LoadBalancer, on `*` as upstream has them. */
const LOAD_BALANCER_ACTIONS = [
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
  'elasticloadbalancing:DetachLoadBalancerFromSubnets',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer',
  'elasticloadbalancing:SetLoadBalancerPoliciesOfListener',
];

export function cloudControllerManagerStatements(ctx: PolicyContext): PolicyStatement[] {
  const { config } = ctx;
  return [
    { Sid: 'CloudControllerRead', Effect: 'Allow', Action: READ_ACTIONS, Resource: '*' },
    { Sid: 'CloudControllerLoadBalancers', Effect: 'Allow', Action: LOAD_BALANCER_ACTIONS, Resource: '*' },
    {
      Sid: 'CloudControllerCreateSecurityGroup',
      Effect: 'Allow',
      Action: ['ec2:CreateSecurityGroup'],
      Resource: [ec2Arn('security-group/*'), vpcArn(ctx.vpcId)],
      Condition: ownedRequest(config),
    },
    {
      Sid: 'CloudControllerTagNewSecurityGroup',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: ec2Arn('security-group/*'),
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } },
    },
    {
      Sid: 'CloudControllerOwnedSecurityGroups',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: ec2Arn('security-group/*'),
      Condition: ownedResource(config),
    },
    {
      Sid: 'CloudControllerOwnedInstancesAndRoutes',
      Effect: 'Allow',
      Action: ['ec2:ModifyInstanceAttribute', 'ec2:CreateRoute', 'ec2:DeleteRoute'],
      Resource: [ec2Arn('instance/*'), ec2Arn('security-group/*'), ec2Arn('route-table/*')],
      Condition: ownedResource(config),
    },
    {
      Sid: 'CloudControllerLoadBalancerServiceRole',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
  ];
}
