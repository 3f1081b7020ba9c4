/**
 * The IAM policy vocabulary of the node roles and the bucket policy: statements whose ARNs and
 * condition values may be CloudFormation intrinsics, and helpers for the ARNs and tag conditions
 * the policy sets share.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { sub } from '../template-builder.js';
import type { CfnValue, Ref } from '../template-builder.js';

/** A condition value: one or several strings, any of which may be an intrinsic (`Fn::Sub`, `Ref` …). */
export type ConditionValue = CfnValue | readonly CfnValue[];

export interface PolicyStatement {
  /** Names the statement in IAM's own explanations (and in the simulation test's failures). */
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*';
  readonly Action?: readonly string[];
  /** Bucket-policy Denies use NotAction to leave the policy itself manageable. */
  readonly NotAction?: readonly string[];
  readonly Resource: CfnValue | readonly CfnValue[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, ConditionValue>>>>;
}

/** What the policy sets need to know about the stack being built. */
export interface PolicyContext {
  readonly config: ClusterConfig;
  /** `Ref AssetsBucket`. */
  readonly assetsBucket: Ref<'AWS::S3::Bucket'>;
  /** `Ref VPC`, or the existing VPC's id. */
  readonly vpcId: CfnValue;
  /** Object keys each role may read in the assets bucket. */
  readonly assetKeys: AssetKeys;
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

/** `arn:<partition>:ec2:<region>:<account>:<resource>` of this stack's region and account. */
export function ec2Arn(resource: string): CfnValue {
  return sub(`arn:\${AWS::Partition}:ec2:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
}

/** The VPC's ARN, whether the stack makes it (`Ref VPC`) or it exists (a literal id). */
export function vpcArn(vpcId: CfnValue): CfnValue {
  return typeof vpcId === 'string' ? ec2Arn(`vpc/${vpcId}`) : sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${VpcId}', { VpcId: vpcId });
}

/** The tag kube-aws, the cloud controller and the EBS CSI driver (`--k8s-tag-cluster-id`) put on what the cluster owns. */
export function clusterTagKey(config: ClusterConfig): string {
  return `kubernetes.io/cluster/${config.clusterName}`;
}

/** The resource acted on already carries this cluster's owned tag. */
export function ownedResource(config: ClusterConfig): PolicyStatement['Condition'] {
  return { StringEquals: { [`aws:ResourceTag/${clusterTagKey(config)}`]: 'owned' } };
}

/** The resource being created is tagged as this cluster's in the same request. */
export function ownedRequest(config: ClusterConfig): PolicyStatement['Condition'] {
  return { StringEquals: { [`aws:RequestTag/${clusterTagKey(config)}`]: 'owned' } };
}
