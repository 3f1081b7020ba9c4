import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_KUBERNETES_VERSION, parseClusterConfig } from '../src/index.js';
import { ARN, configOf, errorsOf } from './helpers.js';

describe('defaults', () => {
  it('fills every optional key of a minimal file', () => {
    assert.deepEqual(configOf(), {
      clusterName: 'kubernetes',
      externalDNSName: 'kube.example.com',
      keyName: 'my-key',
      region: 'us-west-1',
      kmsKeyArn: ARN,
      releaseChannel: 'stable',
      architecture: 'x86_64',
      controllerInstanceType: 't3.medium',
      controllerRootVolume: { sizeGiB: 30, type: 'gp3', iops: 0 },
      workerCount: 1,
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
      kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
      useCalico: false,
      createRecordSet: false,
      recordSetTTL: 300,
      stackTags: {},
      tlsCADurationDays: 3650,
      tlsCertDurationDays: 365,
      mapPublicIPs: true,
      sshAccessAllowedSourceCIDRs: ['0.0.0.0/0'],
      apiEndpointAllowedSourceCIDRs: ['0.0.0.0/0'],
      instanceMetadata: { hopLimit: 1 },
    });
    assert.equal(DEFAULT_KUBERNETES_VERSION, 'v1.36.3');
  });

  it('keeps a pinned sysext SHA-256 in lower case, as Ignition compares it; absent by default', () => {
    const digest = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
    assert.equal(configOf({ kubernetesSysextSha256: digest }).kubernetesSysextSha256, digest.toLowerCase());
    assert.equal('kubernetesSysextSha256' in configOf(), false);
  });

  it('defaults instance types to Graviton ones on arm64', () => {
    const c = configOf({ architecture: 'arm64' });
    assert.equal(c.controllerInstanceType, 't4g.medium');
    assert.equal(c.workerInstanceType, 't4g.medium');
  });

  it('treats `key:` with no value and `key: ""` as unset', () => {
    const c = parseClusterConfig('externalDNSName: kube.example.com\nkeyName: k\nregion: us-west-1\navailabilityZone: us-west-1c\n' +
      `kmsKeyArn: "${ARN}"\nvpcId:\nrouteTableId: ""\nworkerCount:\nsubnets:\n`);
    assert.ok(c.ok);
    assert.equal(c.config.vpcId, undefined);
    assert.equal(c.config.workerCount, 1);
  });

  it('reports a required key written empty at that key', () => {
    const r = parseClusterConfig(`externalDNSName: ""\nkeyName: k\nregion: us-west-1\navailabilityZone: us-west-1c\nkmsKeyArn: "${ARN}"\n`);
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => [e.path, e.position]), [['externalDNSName', { line: 1, col: 18 }]]);
  });
});

describe('normalisation', () => {
  it('adds the trailing dot to hostedZone', () => {
    assert.equal(configOf({ createRecordSet: true, hostedZone: 'example.com' }).hostedZone, 'example.com.');
    assert.equal(configOf({ createRecordSet: true, hostedZone: 'example.com.' }).hostedZone, 'example.com.');
  });

  it('strips the /hostedzone/ prefix from hostedZoneId', () => {
    assert.equal(configOf({ createRecordSet: true, hostedZoneId: '/hostedzone/Z0123456789ABC' }).hostedZoneId, 'Z0123456789ABC');
    assert.equal(configOf({ createRecordSet: true, hostedZoneId: 'Z0123456789ABC' }).hostedZoneId, 'Z0123456789ABC');
  });

  it('turns the single-zone keys into one subnet', () => {
    const c = configOf({ instanceCIDR: '10.0.4.0/24', controllerIP: '10.0.4.20' });
    assert.deepEqual(c.subnets, [{ availabilityZone: 'us-west-1c', instanceCIDR: '10.0.4.0/24' }]);
    assert.equal(c.controllerSubnetIndex, 0);
  });

  it('puts the controller in the FIRST subnet containing controllerIP', () => {
    // The two subnets cannot overlap, so "first" is checked through the index of a later match.
    const c = configOf({
      availabilityZone: undefined,
      controllerIP: '10.0.1.50',
      subnets: [
        { availabilityZone: 'us-west-1b', instanceCIDR: '10.0.0.0/24' },
        { availabilityZone: 'us-west-1c', instanceCIDR: '10.0.1.0/24' },
        { availabilityZone: 'us-west-1b', instanceCIDR: '10.0.2.0/24' },
      ],
    });
    assert.equal(c.controllerSubnetIndex, 1);
    assert.equal(c.subnets.length, 3);
  });

  it('derives kubernetesServiceIP from serviceCIDR', () => {
    assert.equal(configOf({ serviceCIDR: '10.96.0.0/12', dnsServiceIP: '10.96.0.10' }).kubernetesServiceIP, '10.96.0.1');
  });

  it('groups root volume keys', () => {
    const c = configOf({ controllerRootVolumeSize: 50, controllerRootVolumeType: 'io2', controllerRootVolumeIOPS: 5000, workerRootVolumeType: 'gp2' });
    assert.deepEqual(c.controllerRootVolume, { sizeGiB: 50, type: 'io2', iops: 5000 });
    assert.deepEqual(c.workerRootVolume, { sizeGiB: 30, type: 'gp2', iops: 0 });
  });

  it('keeps optional values and stack tags', () => {
    const c = configOf({
      amiId: 'ami-0abcdef1234567890',
      workerSpotPrice: '0.05',
      vpcId: 'vpc-0abcdef1234567890',
      routeTableId: 'rtb-0abcdef1',
      stackTags: { Name: 'Kubernetes', 'kubernetes.io/cluster': 'owned' },
    });
    assert.equal(c.amiId, 'ami-0abcdef1234567890');
    assert.equal(c.workerSpotPrice, '0.05');
    assert.equal(c.vpcId, 'vpc-0abcdef1234567890');
    assert.equal(c.routeTableId, 'rtb-0abcdef1');
    assert.deepEqual(c.stackTags, { Name: 'Kubernetes', 'kubernetes.io/cluster': 'owned' });
  });

  it('accepts the t2.micro instance types the seed chose', () => {
    assert.deepEqual(errorsOf({ controllerInstanceType: 't2.micro', workerInstanceType: 't2.micro' }), []);
  });
});
