/**
 * Defaults of every optional cluster.yaml key, and the Kubernetes versions this release supports.
 * One table, read by the schema (JSON Schema `default`), normalisation and the init template.
 */
import type { Architecture, ReleaseChannel, VolumeType } from './model.js';

/** The Kubernetes release `init` writes and an unset `kubernetesVersion` means. */
export const DEFAULT_KUBERNETES_VERSION = 'v1.36.3';
/** Oldest minor release still supported (older ones are out of upstream support). */
export const OLDEST_SUPPORTED_MINOR = 34;
/** Newest minor release this kube-aws was tested with; newer ones only warn. */
export const NEWEST_TESTED_MINOR = 36;

/** Instance type used when none is set, per architecture (t3 is x86_64 only, t4g is Graviton). */
export const DEFAULT_INSTANCE_TYPE: Readonly<Record<Architecture, string>> = {
  x86_64: 't3.medium',
  arm64: 't4g.medium',
};

/** Defaults of the optional keys; keys absent here have no default (unset means "not used"). */
export const DEFAULTS = {
  clusterName: 'kubernetes',
  releaseChannel: 'stable' as ReleaseChannel,
  architecture: 'x86_64' as Architecture,
  controllerInstanceType: DEFAULT_INSTANCE_TYPE.x86_64,
  controllerRootVolumeSize: 30,
  controllerRootVolumeType: 'gp3' as VolumeType,
  controllerRootVolumeIOPS: 0,
  workerCount: 1,
  workerInstanceType: DEFAULT_INSTANCE_TYPE.x86_64,
  workerRootVolumeSize: 30,
  workerRootVolumeType: 'gp3' as VolumeType,
  workerRootVolumeIOPS: 0,
  vpcCIDR: '10.0.0.0/16',
  instanceCIDR: '10.0.0.0/24',
  controllerIP: '10.0.0.50',
  podCIDR: '10.2.0.0/16',
  serviceCIDR: '10.3.0.0/24',
  dnsServiceIP: '10.3.0.10',
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  useCalico: false,
  createRecordSet: false,
  recordSetTTL: 300,
  tlsCADurationDays: 3650,
  tlsCertDurationDays: 365,
  mapPublicIPs: true,
  // kube-aws 0.16's defaults: open, so the seed works unchanged; validate warns about them.
  sshAccessAllowedSourceCIDRs: ['0.0.0.0/0'],
  apiEndpointAllowedSourceCIDRs: ['0.0.0.0/0'],
  // Every kube-aws pod that calls AWS uses the host network, so one hop is enough.
  instanceMetadataHopLimit: 1,
} as const;

/** Limits shared by the schema and the checks. */
export const LIMITS = {
  maxWorkerCount: 1000,
  minVolumeGiB: 8,
  maxVolumeGiB: 16384,
  maxStandardVolumeGiB: 1024,
  maxClusterNameLength: 63,
  maxStackTags: 50,
  maxTagKeyLength: 128,
  maxTagValueLength: 256,
  /** Security group rules per group are limited (60 inbound by default); two rules per CIDR at most. */
  maxSourceCIDRs: 20,
  maxHopLimit: 64,
} as const;
