/**
 * The validated, normalised cluster configuration every other package builds on.
 *
 * `ClusterConfig` is what `loadClusterConfig` / `parseClusterConfig` return after defaults,
 * normalisation and validation; nothing downstream re-checks it. Pure data: safe in workflow code.
 */

/** Flatcar Container Linux release channels. */
export type ReleaseChannel = 'stable' | 'beta' | 'alpha' | 'lts';

/** EBS volume types accepted for root volumes. */
export type VolumeType = 'gp3' | 'gp2' | 'io1' | 'io2' | 'standard';

/** CPU architecture of the nodes; picks the Flatcar AMI and the container images. */
export type Architecture = 'x86_64' | 'arm64';

/** One subnet of the cluster's VPC. */
export interface SubnetConfig {
  readonly availabilityZone: string;
  readonly instanceCIDR: string;
}

/** A root volume of a node group. */
export interface RootVolume {
  readonly sizeGiB: number;
  readonly type: VolumeType;
  /** Provisioned IOPS; only for io1/io2 (and optional for gp3). 0 means "the type's default". */
  readonly iops: number;
}

/** IMDS settings of every node; IMDSv2 (tokens) is always required. */
export interface InstanceMetadataOptions {
  /** IMDSv2 PUT response hop limit: 1 keeps pods without host networking away from the node role. */
  readonly hopLimit: number;
}

export interface ClusterConfig {
  /** Unique name; also the CloudFormation stack name. */
  readonly clusterName: string;
  /** API server hostname: in the apiserver certificate and the kubeconfig. */
  readonly externalDNSName: string;
  /** EC2 key pair for every node. */
  readonly keyName: string;
  readonly region: string;
  readonly kmsKeyArn: string;

  readonly releaseChannel: ReleaseChannel;
  /** Explicit AMI; when absent the newest Flatcar image of the channel is looked up at `up`. */
  readonly amiId?: string;
  readonly architecture: Architecture;

  readonly controllerInstanceType: string;
  readonly controllerRootVolume: RootVolume;
  readonly workerCount: number;
  readonly workerInstanceType: string;
  readonly workerRootVolume: RootVolume;
  /** Maximum spot price in dollars, as a decimal string; absent = on-demand. */
  readonly workerSpotPrice?: string;

  /** Existing VPC to use; absent = the stack creates one. */
  readonly vpcId?: string;
  readonly routeTableId?: string;
  readonly vpcCIDR: string;
  /** Always at least one; single-AZ configs (availabilityZone + instanceCIDR) are normalised into one entry. */
  readonly subnets: readonly SubnetConfig[];
  /** Index into `subnets` of the subnet holding controllerIP (the first that contains it). */
  readonly controllerSubnetIndex: number;
  readonly controllerIP: string;
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  readonly dnsServiceIP: string;
  /** First address of serviceCIDR: the in-cluster `kubernetes` Service. Derived. */
  readonly kubernetesServiceIP: string;

  /** Upstream Kubernetes release, e.g. `v1.36.1`. */
  readonly kubernetesVersion: string;
  /**
   * SHA-256 (lower-case hex) of the Kubernetes sysext image of kubernetesVersion and architecture,
   * for Ignition's `verification.hash`; absent = the download is trusted on HTTPS alone.
   */
  readonly kubernetesSysextSha256?: string;
  readonly useCalico: boolean;

  readonly createRecordSet: boolean;
  readonly recordSetTTL: number;
  /** Zone name with a trailing dot, from the deprecated `hostedZone` key. */
  readonly hostedZone?: string;
  /** Bare zone id (no `/hostedzone/` prefix). */
  readonly hostedZoneId?: string;

  readonly stackTags: Readonly<Record<string, string>>;

  /** Whether workers get a public IPv4 address (the controller always has its Elastic IP). */
  readonly mapPublicIPs: boolean;
  /** Where SSH (22) to the nodes may come from, outside the VPC; empty closes it. */
  readonly sshAccessAllowedSourceCIDRs: readonly string[];
  /** Where the API server (443 on the controller) may be reached from, outside the VPC. */
  readonly apiEndpointAllowedSourceCIDRs: readonly string[];
  readonly instanceMetadata: InstanceMetadataOptions;

  readonly tlsCADurationDays: number;
  readonly tlsCertDurationDays: number;
}

/** Where a key sits in cluster.yaml, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly col: number;
}

/** A problem found in cluster.yaml; `severity: 'warning'` never stops a command. */
export interface ConfigIssue {
  readonly severity: 'error' | 'warning';
  /** Dotted key path, e.g. `subnets.1.instanceCIDR`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
  readonly position?: SourcePosition;
}
