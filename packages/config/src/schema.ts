/**
 * The raw cluster.yaml document as a TypeBox schema: one definition gives the TypeScript type of
 * the parsed file ({@link RawClusterYaml}), the JSON Schema editors use and what Ajv validates.
 * Each `description` is the one-line comment `kube-aws init` writes above the key.
 */
import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { DEFAULTS, LIMITS } from './defaults.js';
import { AVAILABILITY_ZONE_PATTERN, REGION_PATTERN } from './regions.js';
import {
  AMI_ID_PATTERN,
  CLUSTER_NAME_PATTERN,
  HOSTED_ZONE_ID_PATTERN,
  INSTANCE_TYPE_PATTERN,
  KMS_KEY_ARN_PATTERN,
  KUBERNETES_VERSION_PATTERN,
  ROUTE_TABLE_ID_PATTERN,
  SHA256_HEX_PATTERN,
  SPOT_PRICE_PATTERN,
  VPC_ID_PATTERN,
} from './rules.js';

/** A string enum emitted as a plain JSON Schema `enum` (clearer editor hints than anyOf of consts). */
function StringEnum<T extends string>(values: readonly T[], options: Record<string, unknown>): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}

const VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'standard'] as const;

function volumeSize(who: string) {
  return Type.Optional(Type.Integer({
    description: `Size of ${who} root volume in GiB (${LIMITS.minVolumeGiB} to ${LIMITS.maxVolumeGiB}).`,
    default: DEFAULTS.controllerRootVolumeSize,
    minimum: LIMITS.minVolumeGiB,
    maximum: LIMITS.maxVolumeGiB,
  }));
}

function volumeType(who: string) {
  return Type.Optional(StringEnum(VOLUME_TYPES, {
    description: `EBS volume type of ${who} root volume: gp3, gp2, io1, io2 or standard.`,
    default: DEFAULTS.controllerRootVolumeType,
  }));
}

function volumeIops(who: string) {
  return Type.Optional(Type.Integer({
    description: `Provisioned IOPS of ${who} root volume: 100-64000 for io1/io2, 3000-16000 (or 0) for gp3, 0 for the others; 0 means the type's default.`,
    default: DEFAULTS.controllerRootVolumeIOPS,
    minimum: 0,
    maximum: 64000,
  }));
}

export const SubnetSchema = Type.Object(
  {
    availabilityZone: Type.String({ description: "Availability zone of this subnet, in the cluster's region.", pattern: AVAILABILITY_ZONE_PATTERN }),
    instanceCIDR: Type.String({ description: 'CIDR of this subnet, inside vpcCIDR and overlapping no other subnet.' }),
  },
  { additionalProperties: false },
);

const properties = {
  clusterName: Type.Optional(Type.String({
    description: 'Unique name of the cluster: the CloudFormation stack name and a prefix of its resources (letters, digits and hyphens, starting with a letter, at most 63).',
    default: DEFAULTS.clusterName,
    pattern: CLUSTER_NAME_PATTERN,
  })),
  externalDNSName: Type.String({
    description: 'DNS name of the API server, routable from the workers and from clients; it goes into the API server certificate and the kubeconfig.',
    minLength: 1,
  }),
  releaseChannel: Type.Optional(StringEnum(['stable', 'beta', 'alpha', 'lts'] as const, {
    description: 'Flatcar Container Linux release channel of the nodes: stable, beta, alpha or lts.',
    default: DEFAULTS.releaseChannel,
  })),
  amiId: Type.Optional(Type.String({
    description: 'AMI to boot instead of the newest Flatcar image of releaseChannel (ami- and 8 or 17 hex digits).',
    pattern: AMI_ID_PATTERN,
  })),
  architecture: Type.Optional(StringEnum(['x86_64', 'arm64'] as const, {
    description: 'CPU architecture of the nodes, x86_64 or arm64 (Graviton); it picks the Flatcar image, the container images and the default instance type (t3.medium or t4g.medium).',
    default: DEFAULTS.architecture,
  })),
  createRecordSet: Type.Optional(Type.Boolean({
    description: 'Set to true to have kube-aws create a Route53 A record for externalDNSName pointing at the controller.',
    default: DEFAULTS.createRecordSet,
  })),
  recordSetTTL: Type.Optional(Type.Integer({
    description: 'TTL in seconds of that Route53 record; only used when createRecordSet is true.',
    default: DEFAULTS.recordSetTTL,
    minimum: 1,
  })),
  hostedZoneId: Type.Optional(Type.String({
    description: 'ID of the existing Route53 hosted zone that holds externalDNSName (e.g. Z0123456789ABCDEFGHIJ); needed when createRecordSet is true.',
    pattern: HOSTED_ZONE_ID_PATTERN,
  })),
  hostedZone: Type.Optional(Type.String({
    description: 'DEPRECATED, use hostedZoneId: name of the existing Route53 hosted zone that holds externalDNSName.',
    deprecationMessage: "the 'hostedZone' parameter is deprecated. Use 'hostedZoneId' instead",
  })),
  keyName: Type.String({
    description: "Name of the EC2 key pair, already in the cluster's region, that can log in to every node over SSH.",
    minLength: 1,
  }),
  region: Type.String({
    description: 'AWS region to create the cluster in.',
    pattern: REGION_PATTERN,
  }),
  availabilityZone: Type.Optional(Type.String({
    description: 'Availability zone of a single-zone cluster; leave it out when you list subnets.',
    pattern: AVAILABILITY_ZONE_PATTERN,
  })),
  kmsKeyArn: Type.String({
    description: "ARN of the KMS key, in the cluster's region, that encrypts the TLS assets in the nodes' userdata.",
    pattern: KMS_KEY_ARN_PATTERN,
  }),
  controllerInstanceType: Type.Optional(Type.String({
    description: 'EC2 instance type of the controller node.',
    default: DEFAULTS.controllerInstanceType,
    pattern: INSTANCE_TYPE_PATTERN,
  })),
  controllerRootVolumeSize: volumeSize("the controller's"),
  controllerRootVolumeType: volumeType("the controller's"),
  controllerRootVolumeIOPS: volumeIops("the controller's"),
  workerCount: Type.Optional(Type.Integer({
    description: `Number of worker nodes (0 to ${LIMITS.maxWorkerCount}).`,
    default: DEFAULTS.workerCount,
    minimum: 0,
    maximum: LIMITS.maxWorkerCount,
  })),
  workerInstanceType: Type.Optional(Type.String({
    description: 'EC2 instance type of the worker nodes.',
    default: DEFAULTS.workerInstanceType,
    pattern: INSTANCE_TYPE_PATTERN,
  })),
  workerRootVolumeSize: volumeSize("each worker's"),
  workerRootVolumeType: volumeType("each worker's"),
  workerRootVolumeIOPS: volumeIops("each worker's"),
  workerSpotPrice: Type.Optional(Type.String({
    description: 'Maximum price in dollars per hour to bid for spot worker instances, as a quoted string such as "0.05"; leave it out for on-demand instances.',
    pattern: SPOT_PRICE_PATTERN,
  })),
  mapPublicIPs: Type.Optional(Type.Boolean({
    description: 'Set to false to launch workers without a public IPv4 address; needs vpcId, because workers must then reach S3, the registries and the Flatcar extension server through your NAT (the controller keeps its Elastic IP).',
    default: DEFAULTS.mapPublicIPs,
  })),
  sshAccessAllowedSourceCIDRs: Type.Optional(Type.Array(Type.String(), {
    description: 'IPv4 CIDRs allowed to reach SSH (port 22) on every node; [] closes SSH from outside the VPC. The default 0.0.0.0/0 is open to the internet: list your admin networks.',
    default: [...DEFAULTS.sshAccessAllowedSourceCIDRs],
    maxItems: LIMITS.maxSourceCIDRs,
  })),
  apiEndpointAllowedSourceCIDRs: Type.Optional(Type.Array(Type.String(), {
    description: 'IPv4 CIDRs allowed to reach the API server (port 443 on the controller) from outside the VPC; nodes reach it inside the VPC either way. Include where kubectl and kube-aws verify run.',
    default: [...DEFAULTS.apiEndpointAllowedSourceCIDRs],
    maxItems: LIMITS.maxSourceCIDRs,
  })),
  instanceMetadata: Type.Optional(Type.Object(
    {
      hopLimit: Type.Optional(Type.Integer({
        description: 'IMDSv2 PUT response hop limit of every node (1 to 64). 1 keeps instance metadata, and so the node role, away from pods without host networking.',
        default: DEFAULTS.instanceMetadataHopLimit,
        minimum: 1,
        maximum: LIMITS.maxHopLimit,
      })),
    },
    {
      description: 'Instance metadata (IMDSv2, always required) of the nodes: hopLimit 1 unless a pod without host networking must reach it.',
      additionalProperties: false,
    },
  )),
  vpcId: Type.Optional(Type.String({
    description: 'ID of an existing VPC to create the subnets in; leave it out to create a new VPC.',
    pattern: VPC_ID_PATTERN,
  })),
  routeTableId: Type.Optional(Type.String({
    description: "ID of a route table of that existing VPC to attach the subnets to (needs vpcId); leave it out to use the VPC's main route table.",
    pattern: ROUTE_TABLE_ID_PATTERN,
  })),
  vpcCIDR: Type.Optional(Type.String({
    description: "CIDR of the VPC (/16 to /28); with vpcId it must equal the existing VPC's CIDR.",
    default: DEFAULTS.vpcCIDR,
  })),
  instanceCIDR: Type.Optional(Type.String({
    description: 'CIDR of the subnet of a single-zone cluster, inside vpcCIDR; leave it out when you list subnets.',
    default: DEFAULTS.instanceCIDR,
  })),
  subnets: Type.Optional(Type.Array(SubnetSchema, {
    description: 'Subnets of a multi-zone cluster, each an availabilityZone and an instanceCIDR inside vpcCIDR; use instead of availabilityZone and instanceCIDR.',
  })),
  controllerIP: Type.Optional(Type.String({
    description: 'Private IP address of the controller; the controller goes in the first subnet whose CIDR contains it.',
    default: DEFAULTS.controllerIP,
  })),
  serviceCIDR: Type.Optional(Type.String({
    description: 'CIDR of the Kubernetes Service IPs; must not overlap vpcCIDR or podCIDR.',
    default: DEFAULTS.serviceCIDR,
  })),
  podCIDR: Type.Optional(Type.String({
    description: 'CIDR of the pod network; must not overlap vpcCIDR or serviceCIDR.',
    default: DEFAULTS.podCIDR,
  })),
  dnsServiceIP: Type.Optional(Type.String({
    description: 'IP address of the cluster DNS Service: inside serviceCIDR, and not its first address (the kubernetes Service has that).',
    default: DEFAULTS.dnsServiceIP,
  })),
  kubernetesVersion: Type.Optional(Type.String({
    description: 'Upstream Kubernetes release to run, vX.Y.Z (v1.34 or newer).',
    default: DEFAULTS.kubernetesVersion,
    pattern: KUBERNETES_VERSION_PATTERN,
  })),
  kubernetesSysextSha256: Type.Optional(Type.String({
    description: "SHA-256 of the Flatcar Kubernetes sysext for kubernetesVersion and architecture (kubernetes-<version>-<x86-64|arm64>.raw in the bakery's SHA256SUMS); when set, Ignition refuses a download that does not match. Change it together with kubernetesVersion.",
    pattern: SHA256_HEX_PATTERN,
  })),
  hyperkubeImageRepo: Type.Optional(Type.String({
    description: 'DEPRECATED and ignored: hyperkube images no longer exist, so the upstream registry.k8s.io images are used.',
    deprecationMessage: 'hyperkubeImageRepo is ignored: upstream registry.k8s.io images are used',
  })),
  useCalico: Type.Optional(Type.Boolean({
    description: 'Set to true to install Calico for network policy.',
    default: DEFAULTS.useCalico,
  })),
  stackTags: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: LIMITS.maxTagValueLength }), {
    description: 'Tags of the CloudFormation stack, propagated to its resources: at most 50, string values, keys not starting with aws:.',
    maxProperties: LIMITS.maxStackTags,
    propertyNames: { minLength: 1, maxLength: LIMITS.maxTagKeyLength, pattern: '^(?![aA][wW][sS]:)' },
  })),
  tlsCADurationDays: Type.Optional(Type.Integer({
    description: "Validity in days of the cluster's certificate authority.",
    default: DEFAULTS.tlsCADurationDays,
    minimum: 1,
  })),
  tlsCertDurationDays: Type.Optional(Type.Integer({
    description: 'Validity in days of the certificates the CA signs (at most tlsCADurationDays).',
    default: DEFAULTS.tlsCertDurationDays,
    minimum: 1,
  })),
};

export const ClusterYamlSchema = Type.Object(properties, {
  additionalProperties: false,
  description: 'kube-aws cluster.yaml: the settings of one Kubernetes cluster on AWS.',
});

/** cluster.yaml as written by the user, before defaults and normalisation. */
export type RawClusterYaml = Static<typeof ClusterYamlSchema>;

/** Every top-level key cluster.yaml accepts, in the order `init` writes them. */
export const CLUSTER_YAML_KEYS: readonly string[] = Object.keys(properties);
/** Keys of one `subnets` entry. */
export const SUBNET_KEYS: readonly string[] = Object.keys(SubnetSchema.properties);

/** The schema of one top-level key. */
export function keySchema(key: string): TSchema | undefined {
  return (properties as Record<string, TSchema>)[key];
}
