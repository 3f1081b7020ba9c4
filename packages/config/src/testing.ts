/**
 * Test helpers: ready-made {@link ClusterConfig} values shaped like the seed's cluster.
 * Imported as `@kube-aws/config/testing`; never from production code.
 */
import type { ClusterConfig } from './model.js';

/** The seed's cluster after its cluster.yaml edits (2 workers, Route53 record), fully normalised. */
export function seedClusterConfig(overrides: Partial<ClusterConfig> = {}): ClusterConfig {
  return {
    clusterName: 'kube-cluster',
    externalDNSName: 'kube.isaack.io',
    keyName: 'isaack-k8s',
    region: 'us-west-1',
    kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f',
    releaseChannel: 'stable',
    architecture: 'x86_64',
    controllerInstanceType: 't3.medium',
    controllerRootVolume: { sizeGiB: 30, type: 'gp3', iops: 0 },
    workerCount: 2,
    workerInstanceType: 't3.medium',
    workerRootVolume: { sizeGiB: 30, type: 'gp3', iops: 0 },
    vpcCIDR: '10.0.0.0/16',
    subnets: [{ availabilityZone: 'us-west-1c', instanceCIDR: '10.0.0.0/24' }],
    controllerSubnetIndex: 0,
    controllerIP: '10.0.0.50',
    podCIDR: '10.2.0.0/16',
    serviceCIDR: '10.3.0.0/24',
    dnsServiceIP: '10.3.0.10',
    kubernetesServiceIP: '10.3.0.1',
    kubernetesVersion: 'v1.36.3',
    useCalico: false,
    createRecordSet: true,
    recordSetTTL: 300,
    hostedZone: 'isaack.io.',
    stackTags: { Name: 'Kubernetes', Environment: 'Production' },
    tlsCADurationDays: 3650,
    tlsCertDurationDays: 365,
    mapPublicIPs: true,
    sshAccessAllowedSourceCIDRs: ['0.0.0.0/0'],
    apiEndpointAllowedSourceCIDRs: ['0.0.0.0/0'],
    instanceMetadata: { hopLimit: 1 },
    ...overrides,
  };
}
