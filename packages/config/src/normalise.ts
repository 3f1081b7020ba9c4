/**
 * Raw document → {@link ClusterConfig}: defaults applied and the shapes model.ts documents
 * (one `subnets` list, grouped root volumes, derived service IP and controller subnet).
 * Only called on a document that passed every check.
 */
import { cidrContainsIp, nthAddress, parseCidr, parseIp, type Cidr } from './cidr.js';
import { DEFAULT_INSTANCE_TYPE, DEFAULTS } from './defaults.js';
import type { ClusterConfig, RootVolume, SubnetConfig } from './model.js';
import type { RawClusterYaml } from './schema.js';

function mustCidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`normalise: ${text} was not validated`);
  return parsed.value;
}

function rootVolume(raw: RawClusterYaml, node: 'controller' | 'worker'): RootVolume {
  return {
    sizeGiB: raw[`${node}RootVolumeSize`] ?? DEFAULTS[`${node}RootVolumeSize`],
    type: raw[`${node}RootVolumeType`] ?? DEFAULTS[`${node}RootVolumeType`],
    iops: raw[`${node}RootVolumeIOPS`] ?? DEFAULTS[`${node}RootVolumeIOPS`],
  };
}

export function normalise(raw: RawClusterYaml): ClusterConfig {
  const architecture = raw.architecture ?? DEFAULTS.architecture;
  const subnets: SubnetConfig[] =
    raw.subnets !== undefined && raw.subnets.length > 0
      ? raw.subnets.map((s) => ({ availabilityZone: s.availabilityZone, instanceCIDR: s.instanceCIDR }))
      : [{ availabilityZone: raw.availabilityZone ?? '', instanceCIDR: raw.instanceCIDR ?? DEFAULTS.instanceCIDR }];
  const controllerIP = raw.controllerIP ?? DEFAULTS.controllerIP;
  const ip = parseIp(controllerIP);
  const controllerSubnetIndex = ip.ok ? subnets.findIndex((s) => cidrContainsIp(mustCidr(s.instanceCIDR), ip.value)) : -1;
  const serviceCIDR = raw.serviceCIDR ?? DEFAULTS.serviceCIDR;

  return {
    clusterName: raw.clusterName ?? DEFAULTS.clusterName,
    externalDNSName: raw.externalDNSName,
    keyName: raw.keyName,
    region: raw.region,
    kmsKeyArn: raw.kmsKeyArn,
    releaseChannel: raw.releaseChannel ?? DEFAULTS.releaseChannel,
    ...(raw.amiId !== undefined ? { amiId: raw.amiId } : {}),
    architecture,
    controllerInstanceType: raw.controllerInstanceType ?? DEFAULT_INSTANCE_TYPE[architecture],
    controllerRootVolume: rootVolume(raw, 'controller'),
    workerCount: raw.workerCount ?? DEFAULTS.workerCount,
    workerInstanceType: raw.workerInstanceType ?? DEFAULT_INSTANCE_TYPE[architecture],
    workerRootVolume: rootVolume(raw, 'worker'),
    ...(raw.workerSpotPrice !== undefined ? { workerSpotPrice: raw.workerSpotPrice } : {}),
    ...(raw.vpcId !== undefined ? { vpcId: raw.vpcId } : {}),
    ...(raw.routeTableId !== undefined ? { routeTableId: raw.routeTableId } : {}),
    vpcCIDR: raw.vpcCIDR ?? DEFAULTS.vpcCIDR,
    subnets,
    controllerSubnetIndex,
    controllerIP,
    podCIDR: raw.podCIDR ?? DEFAULTS.podCIDR,
    serviceCIDR,
    dnsServiceIP: raw.dnsServiceIP ?? DEFAULTS.dnsServiceIP,
    kubernetesServiceIP: nthAddress(mustCidr(serviceCIDR), 1).toString(),
    kubernetesVersion: raw.kubernetesVersion ?? DEFAULTS.kubernetesVersion,
    // Ignition compares hashes as lower-case hex.
    ...(raw.kubernetesSysextSha256 !== undefined ? { kubernetesSysextSha256: raw.kubernetesSysextSha256.toLowerCase() } : {}),
    useCalico: raw.useCalico ?? DEFAULTS.useCalico,
    createRecordSet: raw.createRecordSet ?? DEFAULTS.createRecordSet,
    recordSetTTL: raw.recordSetTTL ?? DEFAULTS.recordSetTTL,
    ...(raw.hostedZone !== undefined ? { hostedZone: raw.hostedZone.endsWith('.') ? raw.hostedZone : `${raw.hostedZone}.` } : {}),
    ...(raw.hostedZoneId !== undefined ? { hostedZoneId: raw.hostedZoneId.replace(/^\/hostedzone\//, '') } : {}),
    stackTags: { ...(raw.stackTags ?? {}) },
    mapPublicIPs: raw.mapPublicIPs ?? DEFAULTS.mapPublicIPs,
    sshAccessAllowedSourceCIDRs: [...(raw.sshAccessAllowedSourceCIDRs ?? DEFAULTS.sshAccessAllowedSourceCIDRs)],
    apiEndpointAllowedSourceCIDRs: [...(raw.apiEndpointAllowedSourceCIDRs ?? DEFAULTS.apiEndpointAllowedSourceCIDRs)],
    instanceMetadata: { hopLimit: raw.instanceMetadata?.hopLimit ?? DEFAULTS.instanceMetadataHopLimit },
    tlsCADurationDays: raw.tlsCADurationDays ?? DEFAULTS.tlsCADurationDays,
    tlsCertDurationDays: raw.tlsCertDurationDays ?? DEFAULTS.tlsCertDurationDays,
  };
}
