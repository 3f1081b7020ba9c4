/**
 * The CloudFormation vocabulary of the stack template: intrinsic-function types and helpers, the
 * template shape, and {@link TemplateBuilder}, which adds resources, tags them and hands back refs.
 *
 * Hand-written rather than CDK or a goformation port: we use a dozen resource types, and plain JSON
 * objects keep the template deterministic and easy to diff against golden files.
 */

/** `{ "Ref": X }`; `T` is the resource type it points at (phantom, for typed wiring only). */
export interface Ref<T extends string = string> {
  readonly Ref: string;
  /** Never present at runtime; lets `GetAtt` and property types check what a ref points at. */
  readonly __type?: T;
}

export interface GetAtt {
  readonly 'Fn::GetAtt': readonly [string, string];
}
export interface Sub {
  readonly 'Fn::Sub': string | readonly [string, Readonly<Record<string, CfnValue>>];
}
export interface Join {
  readonly 'Fn::Join': readonly [string, readonly CfnValue[]];
}
export interface Split {
  readonly 'Fn::Split': readonly [string, CfnValue];
}
export interface Base64 {
  readonly 'Fn::Base64': CfnValue;
}
export interface If {
  readonly 'Fn::If': readonly [string, CfnValue, CfnValue];
}
export interface Equals {
  readonly 'Fn::Equals': readonly [CfnValue, CfnValue];
}

export type CfnIntrinsic = Ref | GetAtt | Sub | Join | Split | Base64 | If;
/** Anything a property may hold where CloudFormation allows a string, number or intrinsic. */
export type CfnValue = string | number | boolean | CfnIntrinsic;

/** A key/value tag as most resource types take it. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface CfnResource<P = object> {
  readonly Type: string;
  readonly Properties?: P;
  readonly DependsOn?: string | readonly string[];
  readonly Condition?: string;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly UpdatePolicy?: Readonly<Record<string, unknown>>;
  readonly DeletionPolicy?: 'Delete' | 'Retain' | 'Snapshot';
}

export interface CfnParameter {
  readonly Type: string;
  readonly Description?: string;
  readonly Default?: string;
  readonly AllowedValues?: readonly string[];
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
}

export interface CfnOutput {
  readonly Description?: string;
  readonly Value: CfnValue;
  readonly Condition?: string;
}

export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Parameters?: Readonly<Record<string, CfnParameter>>;
  readonly Conditions?: Readonly<Record<string, Equals | CfnValue>>;
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<Record<string, CfnOutput>>;
}

/** `{ "Ref": logicalId }`. */
export function ref<T extends string = string>(logicalId: string): Ref<T> {
  return { Ref: logicalId };
}

/** `{ "Fn::GetAtt": [logicalId, attribute] }` from a ref or a logical id. */
export function getAtt(target: Ref | string, attribute: string): GetAtt {
  return { 'Fn::GetAtt': [typeof target === 'string' ? target : target.Ref, attribute] };
}

/** `{ "Fn::Sub": text }`, or the two-argument form when `vars` is given. */
export function sub(text: string, vars?: Readonly<Record<string, CfnValue>>): Sub {
  return vars === undefined ? { 'Fn::Sub': text } : { 'Fn::Sub': [text, vars] };
}

export function join(separator: string, values: readonly CfnValue[]): Join {
  return { 'Fn::Join': [separator, values] };
}

/** `{ "Fn::Split": [separator, value] }`: a list where a property takes one. */
export function split(separator: string, value: CfnValue): Split {
  return { 'Fn::Split': [separator, value] };
}

export function base64(value: CfnValue): Base64 {
  return { 'Fn::Base64': value };
}

/** Resource types whose `Tags` property is a plain `Tag[]`; the builder adds cluster tags to them. */
const TAG_LIST_TYPES: ReadonlySet<string> = new Set([
  'AWS::EC2::VPC',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::RouteTable',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Instance',
  'AWS::EC2::EIP',
  'AWS::IAM::Role',
  'AWS::S3::Bucket',
]);

/**
 * The tags every taggable resource carries. `kubernetes.io/cluster/<name>=owned` is what
 * aws-cloud-controller-manager and the EBS CSI driver look for; `KubernetesCluster` is the legacy
 * key the original used and some tools still read.
 */
export function clusterTags(clusterName: string): Tag[] {
  return [
    { Key: 'KubernetesCluster', Value: clusterName },
    { Key: `kubernetes.io/cluster/${clusterName}`, Value: 'owned' },
  ];
}

/** Cluster tags first, then the resource's own (a resource's own tag of the same key wins). */
function mergeTags(base: readonly Tag[], own: readonly Tag[] | undefined): Tag[] {
  const ownKeys = new Set((own ?? []).map((t) => t.Key));
  return [...base.filter((t) => !ownKeys.has(t.Key)), ...(own ?? [])];
}

/**
 * Collects resources, parameters, conditions and outputs; one per stack template. Resource sets
 * (`vpc.ts`, `iam.ts`, …) call {@link TemplateBuilder.add} and wire later resources to the refs it
 * returns, never to logical-id strings typed twice.
 */
export class TemplateBuilder {
  private readonly resources = new Map<string, CfnResource>();
  private readonly parameters = new Map<string, CfnParameter>();
  private readonly conditions = new Map<string, Equals>();
  private readonly outputs = new Map<string, CfnOutput>();
  readonly tags: readonly Tag[];

  constructor(
    readonly clusterName: string,
    readonly description: string,
  ) {
    this.tags = clusterTags(clusterName);
  }

  /**
   * Adds a resource under `logicalId`, tagging it when its type takes tags, and returns its ref.
   * Throws on a duplicate id: that is a bug in a resource set, not a user error.
   */
  add<T extends string, P extends object>(
    logicalId: string,
    resource: CfnResource<P> & { readonly Type: T },
  ): Ref<T> {
    if (this.resources.has(logicalId)) throw new Error(`duplicate logical id ${logicalId}`);
    this.resources.set(logicalId, this.tagged(resource));
    return ref<T>(logicalId);
  }

  addParameter(name: string, parameter: CfnParameter): Ref<'Parameter'> {
    this.parameters.set(name, parameter);
    return ref(name);
  }

  addCondition(name: string, condition: Equals): string {
    this.conditions.set(name, condition);
    return name;
  }

  addOutput(name: string, output: CfnOutput): void {
    this.outputs.set(name, output);
  }

  /** The template; maps keep insertion order, so the same calls give byte-identical JSON. */
  build(): CfnTemplate {
    const nonEmpty = <V>(m: Map<string, V>): Record<string, V> | undefined =>
      m.size === 0 ? undefined : Object.fromEntries(m);
    const template: CfnTemplate = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: this.description,
      Parameters: nonEmpty(this.parameters),
      Conditions: nonEmpty(this.conditions),
      Resources: Object.fromEntries(this.resources),
      Outputs: nonEmpty(this.outputs),
    };
    // Drop the absent sections rather than serialising `undefined` keys.
    return JSON.parse(JSON.stringify(template)) as CfnTemplate;
  }

  private tagged<P extends object>(resource: CfnResource<P>): CfnResource<P> {
    const props = (resource.Properties ?? {}) as P & { Tags?: unknown; TagSpecifications?: unknown };
    if (TAG_LIST_TYPES.has(resource.Type)) {
      return { ...resource, Properties: { ...props, Tags: mergeTags(this.tags, props.Tags as Tag[] | undefined) } };
    }
    if (resource.Type === 'AWS::AutoScaling::AutoScalingGroup') {
      // ASG tags carry PropagateAtLaunch so the instances get them too (the cloud provider needs that).
      const own = (props.Tags as (Tag & { PropagateAtLaunch: boolean })[] | undefined) ?? [];
      const ownKeys = new Set(own.map((t) => t.Key));
      const base = this.tags.filter((t) => !ownKeys.has(t.Key)).map((t) => ({ ...t, PropagateAtLaunch: true }));
      return { ...resource, Properties: { ...props, Tags: [...base, ...own] } };
    }
    if (resource.Type === 'AWS::EC2::LaunchTemplate') {
      // The launch template's own tags; what it stamps on instances/volumes is in LaunchTemplateData.
      const specs = [{ ResourceType: 'launch-template', Tags: [...this.tags] }];
      return { ...resource, Properties: { ...props, TagSpecifications: specs } };
    }
    return resource;
  }
}
