/**
 * Stack outputs, each declared next to the code that reads it back from DescribeStacks (the eksctl
 * `defineOutput` pattern), so writing and reading an output cannot drift apart.
 */
import { StackOutputMissingError } from '../errors.js';
import { CREATE_NODES_CONDITION } from './logical-ids.js';
import { getAtt, join } from './template-builder.js';
import type { CfnValue, Ref, TemplateBuilder } from './template-builder.js';

/** The stack's outputs, typed. Node outputs are absent while `Phase` is `assets`. */
export interface StackOutputs {
  /** Public (Elastic) IP of the controller. */
  readonly controllerIP?: string;
  readonly controllerPrivateIP?: string;
  /** Name of the assets bucket. */
  readonly assetsBucket: string;
  readonly vpcId: string;
  /** Name of the workers' Auto Scaling group. */
  readonly workerAutoScalingGroup?: string;
  readonly subnetIds: readonly string[];
}

export interface OutputSources {
  readonly eip: Ref<'AWS::EC2::EIP'>;
  readonly controller: Ref<'AWS::EC2::Instance'>;
  readonly assetsBucket: Ref<'AWS::S3::Bucket'>;
  readonly vpcId: CfnValue;
  readonly autoScalingGroup: Ref<'AWS::AutoScaling::AutoScalingGroup'>;
  readonly subnets: readonly Ref<'AWS::EC2::Subnet'>[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface OutputDefinition {
  readonly key: string;
  readonly description: string;
  /** Only node outputs are conditional: they vanish in the `assets` phase. */
  readonly nodes: boolean;
  readonly value: (s: OutputSources) => CfnValue;
  readonly read: (value: string, into: Mutable<Partial<StackOutputs>>) => void;
}

const OUTPUTS: readonly OutputDefinition[] = [
  {
    key: 'ControllerIP',
    description: 'Public IP of the controller (its Elastic IP)',
    nodes: true,
    value: (s) => s.eip,
    read: (v, o) => (o.controllerIP = v),
  },
  {
    key: 'ControllerPrivateIP',
    description: 'Private IP of the controller',
    nodes: true,
    value: (s) => getAtt(s.controller, 'PrivateIp'),
    read: (v, o) => (o.controllerPrivateIP = v),
  },
  {
    key: 'AssetsBucket',
    description: 'S3 bucket holding the node configs',
    nodes: false,
    value: (s) => s.assetsBucket,
    read: (v, o) => (o.assetsBucket = v),
  },
  {
    key: 'VpcId',
    description: 'VPC of the cluster',
    nodes: false,
    value: (s) => s.vpcId,
    read: (v, o) => (o.vpcId = v),
  },
  {
    key: 'WorkerAutoScalingGroup',
    description: 'Auto Scaling group of the workers',
    nodes: true,
    value: (s) => s.autoScalingGroup,
    read: (v, o) => (o.workerAutoScalingGroup = v),
  },
  {
    key: 'SubnetIds',
    description: 'Subnets of the cluster, comma-separated, in cluster.yaml order',
    nodes: false,
    value: (s) => join(',', s.subnets),
    read: (v, o) => (o.subnetIds = v === '' ? [] : v.split(',')),
  },
];

/** Output keys, for callers that need one raw value. */
export const OUTPUT_KEYS: readonly string[] = OUTPUTS.map((o) => o.key);

export function addOutputs(b: TemplateBuilder, sources: OutputSources): void {
  for (const o of OUTPUTS) {
    b.addOutput(o.key, {
      Description: o.description,
      Value: o.value(sources),
      ...(o.nodes ? { Condition: CREATE_NODES_CONDITION } : {}),
    });
  }
}

/**
 * Reads DescribeStacks' `Outputs` into {@link StackOutputs}. Unknown keys are ignored (a newer
 * template may add some); node outputs may be absent.
 * @throws StackOutputMissingError when an output present in every phase is missing.
 */
export function readStackOutputs(outputs: readonly { OutputKey?: string; OutputValue?: string }[]): StackOutputs {
  const into: Mutable<Partial<StackOutputs>> = {};
  for (const o of OUTPUTS) {
    const found = outputs.find((x) => x.OutputKey === o.key);
    if (found?.OutputValue !== undefined) o.read(found.OutputValue, into);
  }
  const missing = OUTPUTS.filter((o) => !o.nodes && !outputs.some((x) => x.OutputKey === o.key && x.OutputValue !== undefined)).map(
    (o) => o.key,
  );
  if (missing.length > 0) throw new StackOutputMissingError(missing);
  return into as StackOutputs;
}
