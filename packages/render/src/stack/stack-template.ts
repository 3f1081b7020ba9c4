/**
 * {@link buildStackTemplate}: the cluster's CloudFormation template from a validated config.
 *
 * Two phases, one template: the `Phase` parameter is `assets` for the first create (network, IAM,
 * assets bucket), then `nodes` once the deploy step has uploaded the node configs (adds the
 * controller, its EIP, the workers and the DNS record). Nodes never boot before their configs exist.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { addAssetsBucket, addAssetsBucketPolicy } from './assets-bucket.js';
import { addController } from './controller.js';
import { addRecordSet } from './dns.js';
import { addIam, DEFAULT_ASSET_KEYS } from './iam.js';
import type { AssetKeys } from './iam.js';
import {
  CREATE_NODES_CONDITION,
  DEPLOYER_PRINCIPALS_PARAMETER,
  DEPLOYER_PRINCIPALS_PARAMETER_PATTERN,
  KMS_KEY_ARN_PARAMETER,
  KMS_KEY_ARN_PARAMETER_PATTERN,
  PHASE_PARAMETER,
  VPC_GATEWAY_ATTACHMENT,
} from './logical-ids.js';
import { addOutputs } from './outputs.js';
import { addSecurityGroups } from './security-groups.js';
import { ref, TemplateBuilder } from './template-builder.js';
import type { CfnParameter, CfnTemplate, CfnValue, Tag } from './template-builder.js';
import { addNetwork } from './vpc.js';
import { addWorkers } from './workers.js';

/** Values made outside this module that the template places. */
export interface StackTemplateOptions {
  /** The controller's user data, already base64 (a string or e.g. `{ 'Fn::Base64': { 'Fn::Sub': … } }`). */
  readonly controllerUserData: CfnValue;
  /** The workers' user data, already base64, as for the controller. */
  readonly workerUserData: CfnValue;
  /** The AMI: an id, or a `Ref` to a parameter declared in {@link StackTemplateOptions.parameters}. */
  readonly amiId: CfnValue;
  /** Extra parameters the values above refer to (e.g. an AMI parameter); `Phase`, `KmsKeyArn` and `DeployerPrincipalArns` are always added. */
  readonly parameters?: Readonly<Record<string, CfnParameter>>;
  /** Object keys the node roles may read in the assets bucket; defaults to {@link DEFAULT_ASSET_KEYS}. */
  readonly assetKeys?: AssetKeys;
}

/** The two values of the `Phase` parameter, in deploy order. */
export const STACK_PHASES = ['assets', 'nodes'] as const;
export type StackPhase = (typeof STACK_PHASES)[number];

export function buildStackTemplate(config: ClusterConfig, opts: StackTemplateOptions): CfnTemplate {
  const b = new TemplateBuilder(config.clusterName, `kube-aws Kubernetes cluster ${config.clusterName}`);
  b.addParameter(PHASE_PARAMETER, {
    Type: 'String',
    Description: 'assets: network, IAM and the assets bucket only; nodes: also the controller, workers and DNS record',
    AllowedValues: STACK_PHASES,
    Default: 'nodes',
  });
  b.addParameter(KMS_KEY_ARN_PARAMETER, kmsKeyArnParameter(config));
  b.addParameter(DEPLOYER_PRINCIPALS_PARAMETER, {
    Type: 'String',
    Description: 'aws:PrincipalArn of who deploys the stack (comma-separated, * allowed): with the node roles, the only principals the assets bucket admits; set by kube-aws up from STS GetCallerIdentity',
    AllowedPattern: DEPLOYER_PRINCIPALS_PARAMETER_PATTERN,
    ConstraintDescription: 'must be IAM or STS principal ARNs, comma-separated, e.g. arn:aws:iam::123456789012:role/deployer',
  });
  for (const [name, p] of Object.entries(opts.parameters ?? {})) b.addParameter(name, p);
  b.addCondition(CREATE_NODES_CONDITION, { 'Fn::Equals': [ref(PHASE_PARAMETER), 'nodes'] });

  const network = addNetwork(b, config);
  const groups = addSecurityGroups(b, config, network.vpcId);
  const bucket = addAssetsBucket(b);
  const iam = addIam(b, { config, assetsBucket: bucket, vpcId: network.vpcId, assetKeys: opts.assetKeys ?? DEFAULT_ASSET_KEYS });
  addAssetsBucketPolicy(b, bucket, iam);

  const controllerSubnet = network.subnets[config.controllerSubnetIndex];
  if (controllerSubnet === undefined) {
    // ClusterConfig guarantees this; a broken invariant is a bug, not a user error.
    throw new RangeError(`controllerSubnetIndex ${config.controllerSubnetIndex} is outside subnets`);
  }
  const controller = addController(b, config, {
    subnet: controllerSubnet,
    securityGroup: groups.controller,
    instanceProfile: iam.controllerProfile,
    amiId: opts.amiId,
    userData: opts.controllerUserData,
    dependsOn: network.internetReady,
    ...(config.vpcId === undefined ? { gatewayAttachment: VPC_GATEWAY_ATTACHMENT } : {}),
  });
  const workers = addWorkers(b, config, {
    subnets: network.subnets,
    securityGroup: groups.worker,
    instanceProfile: iam.workerProfile,
    amiId: opts.amiId,
    userData: opts.workerUserData,
    dependsOn: network.internetReady,
  });
  addRecordSet(b, config, controller.eip);
  addOutputs(b, {
    eip: controller.eip,
    controller: controller.instance,
    assetsBucket: bucket,
    vpcId: network.vpcId,
    autoScalingGroup: workers.autoScalingGroup,
    subnets: network.subnets,
  });
  return b.build();
}

/**
 * `KmsKeyArn`: the key ARN the IAM policies and the bucket use. cluster.yaml's `kmsKeyArn` is its
 * default when it already is a key ARN; an alias ARN has no default (CloudFormation needs the value).
 */
function kmsKeyArnParameter(config: ClusterConfig): CfnParameter {
  return {
    Type: 'String',
    Description: 'ARN of the KMS key (key/…, not alias/…) of the TLS assets and the assets bucket; set by kube-aws up to what kmsKeyArn resolves to',
    AllowedPattern: KMS_KEY_ARN_PARAMETER_PATTERN,
    ConstraintDescription: 'must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id>: an alias ARN authorises nothing in IAM',
    ...(new RegExp(KMS_KEY_ARN_PARAMETER_PATTERN).test(config.kmsKeyArn) ? { Default: config.kmsKeyArn } : {}),
  };
}

/**
 * The user's `stackTags` as CreateStack `Tags` (sorted by key). CloudFormation copies stack tags
 * onto the resources it makes, so they are deliberately not in the template itself.
 */
export function stackTags(config: ClusterConfig): Tag[] {
  return Object.keys(config.stackTags)
    .sort()
    .map((Key) => ({ Key, Value: config.stackTags[Key] ?? '' }));
}
