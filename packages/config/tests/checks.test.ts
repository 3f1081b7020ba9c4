// One test per check, through parseClusterConfig so the whole pipeline (schema, value checks,
// cross-field checks) is exercised. Messages are matched on their distinctive part.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIssue, parseClusterConfig } from '../src/index.js';
import { ARN, configOf, errorsOf, parse, warningsOf, yamlOf } from './helpers.js';

function assertOneError(overrides: Record<string, unknown>, path: string, pattern: RegExp): void {
  const errors = errorsOf(overrides);
  assert.equal(errors.length, 1, `expected one error, got:\n${errors.join('\n')}`);
  assert.ok(errors[0]?.startsWith(`${path}: `), `wrong key: ${errors[0]}`);
  assert.match(errors[0] ?? '', pattern);
}

const TWO_SUBNETS = [
  { availabilityZone: 'us-west-1b', instanceCIDR: '10.0.0.0/24' },
  { availabilityZone: 'us-west-1c', instanceCIDR: '10.0.1.0/24' },
];

describe('required keys (kube-aws items 1 and 4)', () => {
  for (const key of ['externalDNSName', 'keyName', 'region', 'kmsKeyArn']) {
    it(`${key} must be set`, () => assertOneError({ [key]: undefined, ...(key === 'region' ? { kmsKeyArn: ARN } : {}) }, key, new RegExp(`^${key}: ${key} must be set; `)));
  }
  it('an empty clusterName is the default, a bad one is an error', () => {
    assert.deepEqual(errorsOf({ clusterName: '' }), []);
    assertOneError({ clusterName: '9lives' }, 'clusterName', /cannot be used as a CloudFormation stack name/);
  });
});

describe('clusterName', () => {
  it('allows 63 characters, not 64', () => {
    assert.deepEqual(errorsOf({ clusterName: `a${'b'.repeat(62)}` }), []);
    assertOneError({ clusterName: `a${'b'.repeat(63)}` }, 'clusterName', /keep it to 63 characters/);
  });
  it('rejects a trailing hyphen and an underscore', () => {
    assertOneError({ clusterName: 'kube-' }, 'clusterName', /end with a letter or digit/);
    assertOneError({ clusterName: 'kube_1' }, 'clusterName', /only letters, digits and hyphens/);
  });
});

describe('releaseChannel (item 2)', () => {
  it('accepts the four Flatcar channels', () => {
    for (const c of ['stable', 'beta', 'alpha', 'lts']) assert.deepEqual(errorsOf({ releaseChannel: c }), []);
  });
  it('rejects others with the original token', () => assertOneError({ releaseChannel: 'edge' }, 'releaseChannel', /releaseChannel edge is not supported; use one of stable, beta, alpha, lts/));
});

describe('Route53 record (item 3)', () => {
  it('needs a zone with createRecordSet', () => assertOneError({ createRecordSet: true }, 'createRecordSet', /hostedZone or hostedZoneID must be specified/));
  it('rejects both zone keys', () => assertOneError({ createRecordSet: true, hostedZone: 'example.com', hostedZoneId: 'Z1' }, 'hostedZone', /cannot both be specified/));
  it('warns that hostedZone is deprecated', () => {
    assert.deepEqual(warningsOf({ createRecordSet: true, hostedZone: 'example.com' }), ["hostedZone: the 'hostedZone' parameter is deprecated. Use 'hostedZoneId' instead"]);
  });
  it('rejects a TTL below 1 second', () => assertOneError({ createRecordSet: true, hostedZoneId: 'Z1', recordSetTTL: 0 }, 'recordSetTTL', /TTL must be at least 1 second/));
  it('rejects a changed TTL without createRecordSet, accepts 300', () => {
    assertOneError({ recordSetTTL: 60 }, 'recordSetTTL', /recordSetTTL should not be modified when createRecordSet is false/);
    assert.deepEqual(errorsOf({ recordSetTTL: 300 }), []);
  });
  it('warns that a zone without createRecordSet is ignored', () => {
    assert.deepEqual(warningsOf({ hostedZoneId: 'Z1' }), ['hostedZoneId: hostedZoneId is ignored because createRecordSet is false; set createRecordSet: true to have kube-aws create the record']);
  });
  it('needs externalDNSName inside hostedZone', () => {
    assertOneError({ createRecordSet: true, hostedZone: 'other.org' }, 'externalDNSName', /externalDNSName kube.example.com is not a sub-domain of hosted-zone other.org\./);
    assert.deepEqual(errorsOf({ createRecordSet: true, hostedZone: 'Example.com.' }), []);
  });
  it('checks the shape of hostedZoneId', () => assertOneError({ createRecordSet: true, hostedZoneId: 'isaack.io' }, 'hostedZoneId', /is not a Route53 hosted zone id/));
});

describe('externalDNSName', () => {
  it('must be a fully qualified DNS name', () => {
    assertOneError({ externalDNSName: 'kube' }, 'externalDNSName', /is not a valid DNS name/);
    assertOneError({ externalDNSName: 'kube_api.example.com' }, 'externalDNSName', /is not a valid DNS name/);
    assertOneError({ externalDNSName: '10.0.0.1' }, 'externalDNSName', /is not a valid DNS name/);
    assertOneError({ externalDNSName: 'kube.example.com.' }, 'externalDNSName', /no trailing dot/);
    assertOneError({ externalDNSName: `${'a'.repeat(64)}.example.com` }, 'externalDNSName', /labels of at most 63/);
  });
});

describe('region and availability zones', () => {
  it('rejects a malformed region', () => assertOneError({ region: 'US-West-1', kmsKeyArn: ARN }, 'region', /is not an AWS region name/));
  it('warns about a well-formed unknown region', () => {
    const overrides = { region: 'xx-west-9', availabilityZone: 'xx-west-9a', kmsKeyArn: ARN.replace('us-west-1', 'xx-west-9') };
    assert.deepEqual(errorsOf(overrides), []);
    assert.deepEqual(warningsOf(overrides), ['region: region xx-west-9 is not a region this kube-aws knows; check the spelling (ignore this if the region is new)']);
  });
  it('accepts a zone of the region and a Local Zone', () => {
    assert.deepEqual(errorsOf({ availabilityZone: 'us-west-1c' }), []);
    assert.deepEqual(errorsOf({ region: 'us-west-2', availabilityZone: 'us-west-2-lax-1a', kmsKeyArn: ARN.replace('us-west-1', 'us-west-2') }), []);
  });
  it('rejects a zone of another region', () => assertOneError({ availabilityZone: 'us-east-1a' }, 'availabilityZone', /availabilityZone us-east-1a is not in region us-west-1/));
  it('checks every subnet zone', () => {
    const subnets = [TWO_SUBNETS[0], { availabilityZone: 'eu-west-1a', instanceCIDR: '10.0.1.0/24' }];
    assertOneError({ availabilityZone: undefined, subnets }, 'subnets.1.availabilityZone', /availabilityZone of subnet #1 eu-west-1a is not in region us-west-1/);
  });
  it('needs availabilityZone without subnets', () => assertOneError({ availabilityZone: undefined }, 'availabilityZone', /^availabilityZone: availabilityZone must be set; /));
});

describe('kmsKeyArn', () => {
  it('accepts key and alias ARNs, other partitions', () => {
    assert.deepEqual(errorsOf({ kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:alias/kube-aws' }), []);
    assert.deepEqual(errorsOf({ region: 'cn-north-1', availabilityZone: 'cn-north-1a', kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1234abcd' }), []);
  });
  it('needs a 12-digit account', () => assertOneError({ kmsKeyArn: 'arn:aws:kms:us-west-1:12345:key/abc' }, 'kmsKeyArn', /its account id 12345 is not 12 digits/));
  it('must be in the cluster region', () => assertOneError({ kmsKeyArn: ARN.replace('us-west-1', 'eu-west-1') }, 'kmsKeyArn', /KMS keys are regional/));
});

describe('VPC and subnets (items 5-8)', () => {
  it('routeTableId needs vpcId', () => {
    assertOneError({ routeTableId: 'rtb-0abcdef1' }, 'routeTableId', /vpcId must be specified if routeTableId is specified/);
    assert.deepEqual(errorsOf({ routeTableId: 'rtb-0abcdef1', vpcId: 'vpc-0abcdef1' }), []);
  });
  it('rejects unparsable, IPv6 and host-bit CIDRs', () => {
    assertOneError({ vpcCIDR: '10.0.0/16' }, 'vpcCIDR', /^vpcCIDR: invalid vpcCIDR: 10.0.0\/16 is not an IPv4 CIDR block/);
    assertOneError({ vpcCIDR: '2001:db8::/56' }, 'vpcCIDR', /is an IPv6 block/);
    assertOneError({ instanceCIDR: '10.0.0.7/24' }, 'instanceCIDR', /has host bits set; use its network address, 10.0.0.0\/24/);
  });
  it('keeps VPC and subnet sizes within AWS limits', () => {
    assertOneError({ vpcCIDR: '10.0.0.0/8' }, 'vpcCIDR', /AWS only allows \/16 to \/28/);
  });
  it('rejects an unparsable controllerIP', () => assertOneError({ controllerIP: '10.0.0.300' }, 'controllerIP', /invalid controllerIP: 10.0.0.300 is not an IPv4 address/));
  it('needs controllerIP inside instanceCIDR', () => assertOneError({ controllerIP: '10.0.1.50' }, 'controllerIP', /instanceCIDR \(10.0.0.0\/24\) does not contain controllerIP \(10.0.1.50\)/));
  it('refuses an AWS-reserved controllerIP', () => assertOneError({ controllerIP: '10.0.0.1' }, 'controllerIP', /is reserved by AWS/));
  it('rejects top-level instanceCIDR with subnets', () => {
    assertOneError({ availabilityZone: undefined, instanceCIDR: '10.0.0.0/24', subnets: TWO_SUBNETS }, 'instanceCIDR', /The top-level instanceCIDR\(10.0.0.0\/24\) must be empty when subnets are specified/);
  });
  it('names the subnet CIDR (not the empty top-level one) when vpcCIDR does not contain it', () => {
    const subnets = [TWO_SUBNETS[0], { availabilityZone: 'us-west-1c', instanceCIDR: '10.9.1.0/24' }];
    assertOneError({ availabilityZone: undefined, subnets }, 'subnets.1.instanceCIDR', /vpcCIDR \(10.0.0.0\/16\) does not contain instanceCIDR \(10.9.1.0\/24\) for subnet #1/);
  });
  it('compares every pair of subnets, with the right indexes', () => {
    const subnets = [
      { availabilityZone: 'us-west-1b', instanceCIDR: '10.0.0.0/23' },
      { availabilityZone: 'us-west-1c', instanceCIDR: '10.0.2.0/24' },
      { availabilityZone: 'us-west-1b', instanceCIDR: '10.0.1.0/24' },
    ];
    assertOneError({ availabilityZone: undefined, subnets }, 'subnets.2.instanceCIDR', /CIDR of subnet 0 \(10.0.0.0\/23\) overlaps with CIDR of subnet 2 \(10.0.1.0\/24\)/);
  });
  it('needs both keys in each subnet and rejects others', () => {
    const errors = errorsOf({ availabilityZone: undefined, subnets: [{ instanceCIDR: '10.0.0.0/24' }, { availabilityZone: 'us-west-1c', cidr: '10.0.1.0/24' }] });
    assert.deepEqual(errors, [
      'subnets.0.availabilityZone: availabilityZone must be set for subnet #0; add e.g. availabilityZone: us-west-1a (a zone of region)',
      'subnets.1.instanceCIDR: instanceCIDR must be set for subnet #1; add e.g. instanceCIDR: "10.0.1.0/24" (inside vpcCIDR)',
      'subnets.1.cidr: unknown key cidr; remove it (the comments kube-aws init writes, and cluster.schema.json, list every key)',
    ]);
  });
});

describe('cluster ranges (items 9-12)', () => {
  it('rejects unparsable pod and service CIDRs', () => {
    assertOneError({ podCIDR: 'pods' }, 'podCIDR', /invalid podCIDR: pods/);
    assert.match(errorsOf({ serviceCIDR: '10.3.0.0/33' })[0] ?? '', /invalid serviceCIDR: 10.3.0.0\/33/);
  });
  it('rejects serviceCIDR overlapping vpcCIDR', () => assertOneError({ serviceCIDR: '10.0.200.0/24', dnsServiceIP: '10.0.200.10' }, 'serviceCIDR', /vpcCIDR \(10.0.0.0\/16\) overlaps with serviceCIDR \(10.0.200.0\/24\)/));
  it('blames the key that is written', () => assertOneError({ vpcCIDR: '10.2.0.0/16', instanceCIDR: '10.2.0.0/24', controllerIP: '10.2.0.50' }, 'vpcCIDR', /vpcCIDR \(10.2.0.0\/16\) overlaps with podCIDR \(10.2.0.0\/16\)/));
  it('rejects a serviceCIDR too small for kubernetesServiceIP', () => assertOneError({ serviceCIDR: '10.3.0.0/32' }, 'serviceCIDR', /does not contain kubernetesServiceIP \(10.3.0.1\)/));
  it('rejects a serviceCIDR larger than /12', () => assertOneError({ serviceCIDR: '10.64.0.0/10', dnsServiceIP: '10.64.0.10' }, 'serviceCIDR', /at most a \/12/));
  it('rejects a bad dnsServiceIP', () => assertOneError({ dnsServiceIP: 'dns' }, 'dnsServiceIP', /Invalid dnsServiceIP: dns/));
  it('rejects the broadcast address as dnsServiceIP', () => assertOneError({ dnsServiceIP: '10.3.0.255' }, 'dnsServiceIP', /network or broadcast address/));
});

describe('nodes', () => {
  it('bounds workerCount to 0..1000 and accepts 0', () => {
    assert.deepEqual(errorsOf({ workerCount: 0 }), []);
    assert.deepEqual(errorsOf({ workerCount: 1000 }), []);
    assertOneError({ workerCount: 1001 }, 'workerCount', /from 0 to 1000 \(got 1001\)/);
  });
  it('bounds root volume sizes to 8..16384 GiB', () => {
    assert.deepEqual(errorsOf({ workerRootVolumeSize: 8, controllerRootVolumeSize: 16384 }), []);
    assertOneError({ workerRootVolumeSize: 16385 }, 'workerRootVolumeSize', /from 8 to 16384/);
    assertOneError({ workerRootVolumeType: 'standard', workerRootVolumeSize: 2000 }, 'workerRootVolumeSize', /standard \(magnetic\) volume holds \(1024 GiB\)/);
  });
  it('checks IOPS against the volume type', () => {
    assert.deepEqual(errorsOf({ workerRootVolumeType: 'io1', workerRootVolumeIOPS: 1500 }), []);
    assert.deepEqual(errorsOf({ workerRootVolumeType: 'gp3', workerRootVolumeIOPS: 6000 }), []);
    assertOneError({ workerRootVolumeType: 'io1' }, 'workerRootVolumeType', /must be from 100 to 64000 for volume type io1 \(got 0\)/);
    assertOneError({ workerRootVolumeType: 'io2', workerRootVolumeIOPS: 50 }, 'workerRootVolumeIOPS', /from 100 to 64000/);
    assertOneError({ controllerRootVolumeIOPS: 2000 }, 'controllerRootVolumeIOPS', /0 \(the 3000 IOPS baseline\) or from 3000 to 16000 for volume type gp3/);
    assertOneError({ controllerRootVolumeType: 'standard', controllerRootVolumeIOPS: 100 }, 'controllerRootVolumeIOPS', /must be 0 for volume type standard/);
    assertOneError({ controllerRootVolumeType: 'io1', controllerRootVolumeIOPS: 2000 }, 'controllerRootVolumeIOPS', /more than a 30 GiB io1 volume allows \(50 IOPS per GiB, so at most 1500\)/);
  });
  it('rejects an unknown volume type', () => assertOneError({ workerRootVolumeType: 'sc1' }, 'workerRootVolumeType', /workerRootVolumeType sc1 is not supported; use one of gp3, gp2, io1, io2, standard/));
  it('checks instance type shape, warns on an architecture mismatch', () => {
    assertOneError({ workerInstanceType: 'medium' }, 'workerInstanceType', /is not an EC2 instance type/);
    assert.deepEqual(errorsOf({ workerInstanceType: 't4g.large' }), []);
    assert.match(warningsOf({ workerInstanceType: 't4g.large' })[0] ?? '', /looks like a Graviton \(arm64\) type but architecture is x86_64/);
    assert.deepEqual(warningsOf({ architecture: 'arm64', workerInstanceType: 'm7g.large' }), []);
  });
  it('needs a positive decimal spot price as a string', () => {
    assert.deepEqual(errorsOf({ workerSpotPrice: '0.05' }), []);
    assertOneError({ workerSpotPrice: '$1' }, 'workerSpotPrice', /is not a price/);
    assertOneError({ workerSpotPrice: 0.05 }, 'workerSpotPrice', /must be a string, not a number \(0.05\); quote it, e.g. workerSpotPrice: "0.05"/);
  });
  it('checks amiId', () => {
    assert.deepEqual(errorsOf({ amiId: 'ami-12345678' }), []);
    assertOneError({ amiId: 'ami-0ABCDEF1234567890' }, 'amiId', /is not an AMI id/);
  });
  it('keeps certificates within the CA lifetime', () => {
    assertOneError({ tlsCertDurationDays: 4000 }, 'tlsCertDurationDays', /must not exceed tlsCADurationDays \(3650\)/);
    assertOneError({ tlsCADurationDays: 0 }, 'tlsCADurationDays', /at least 1 \(got 0\)/);
  });
});

describe('kubernetesVersion and legacy keys', () => {
  it('accepts supported releases', () => {
    assert.deepEqual(errorsOf({ kubernetesVersion: 'v1.34.0' }), []);
    assert.deepEqual(warningsOf({ kubernetesVersion: 'v1.36.9' }), []);
  });
  it('rejects CoreOS tags and other forms', () => {
    assertOneError({ kubernetesVersion: 'v1.3.6_coreos.0' }, 'kubernetesVersion', /is a CoreOS hyperkube tag.*such as v1.36.3/);
    assertOneError({ kubernetesVersion: '1.36.3' }, 'kubernetesVersion', /use the form vX.Y.Z/);
    assertOneError({ kubernetesVersion: 'v1.33.9' }, 'kubernetesVersion', /is no longer supported/);
  });
  it('warns about untested newer releases', () => {
    assert.deepEqual(errorsOf({ kubernetesVersion: 'v1.37.0' }), []);
    assert.match(warningsOf({ kubernetesVersion: 'v1.37.0' })[0] ?? '', /is newer than this kube-aws was tested with/);
  });
  it('warns that hyperkubeImageRepo is ignored', () => {
    assert.deepEqual(errorsOf({ hyperkubeImageRepo: 'quay.io/coreos/hyperkube' }), []);
    assert.match(warningsOf({ hyperkubeImageRepo: 'quay.io/coreos/hyperkube' })[0] ?? '', /^hyperkubeImageRepo: hyperkubeImageRepo is deprecated and ignored/);
  });
  it('accepts useCalico', () => assert.deepEqual(errorsOf({ useCalico: true }), []));
});

describe('stackTags', () => {
  it('allows 50 tags, not 51', () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, 'v']));
    assert.deepEqual(errorsOf({ stackTags: tags(50) }), []);
    assertOneError({ stackTags: tags(51) }, 'stackTags', /stackTags has 51 tags; CloudFormation allows at most 50/);
  });
  it('needs string values and short keys outside aws:', () => {
    assertOneError({ stackTags: { Count: 3 } }, 'stackTags.Count', /must be a string, not a number \(3\); quote it, e.g. Count: "3"/);
    assertOneError({ stackTags: { [`k${'x'.repeat(128)}`]: 'v' } }, `stackTags.k${'x'.repeat(128)}`, /longer than 128 characters/);
    assertOneError({ stackTags: { 'AWS:x': 'v' } }, 'stackTags.AWS:x', /starts with aws:, which AWS reserves/);
  });
});

describe('unknown keys and types', () => {
  it('suggests the closest key', () => {
    assertOneError({ hostedZoneID: 'Z1' }, 'hostedZoneID', /unknown key hostedZoneID; did you mean `hostedZoneId`\?/);
    assertOneError({ kmsKeyARN: ARN }, 'kmsKeyARN', /did you mean `kmsKeyArn`\?/);
  });
  it('does not suggest an unrelated key', () => assertOneError({ containerRuntime: 'docker' }, 'containerRuntime', /unknown key containerRuntime; remove it/));
  it('explains type errors', () => {
    assertOneError({ createRecordSet: 'yes' }, 'createRecordSet', /must be true or false, not a string \("yes"\); write true or false without quotes/);
    assertOneError({ workerCount: '3' }, 'workerCount', /must be a whole number, not a string \("3"\); write a number without quotes, e.g. workerCount: 3/);
    assertOneError({ subnets: { a: 1 } }, 'subnets', /must be a list, not a mapping/);
  });
  it('reports every error of a document in one run', () => {
    const errors = errorsOf({ keyName: undefined, releaseChannel: 'edge', workerCount: -3, podCIDR: '10.0.0.0/16', bogus: 1 });
    assert.equal(errors.length, 5, errors.join('\n'));
  });
});

describe('access from outside the VPC (sshAccessAllowedSourceCIDRs, apiEndpointAllowedSourceCIDRs, mapPublicIPs)', () => {
  it('accepts CIDR lists, an empty SSH list and mapPublicIPs: false with vpcId', () => {
    assert.deepEqual(errorsOf({ sshAccessAllowedSourceCIDRs: [], apiEndpointAllowedSourceCIDRs: ['203.0.113.0/24', '198.51.100.7/32'] }), []);
    assert.deepEqual(errorsOf({ mapPublicIPs: false, vpcId: 'vpc-0123abcd' }), []);
  });
  it('names the entry that is not a network address', () => {
    assertOneError({ sshAccessAllowedSourceCIDRs: ['10.1.2.3/8'] }, 'sshAccessAllowedSourceCIDRs.0', /entry 10\.1\.2\.3\/8 has host bits set; use its network address, 10\.0\.0\.0\/8/);
    assertOneError({ apiEndpointAllowedSourceCIDRs: ['2001:db8::/32'] }, 'apiEndpointAllowedSourceCIDRs.0', /is an IPv6 block/);
  });
  it('rejects a CIDR listed twice, which CloudFormation would refuse as a duplicate rule', () => {
    assertOneError({ sshAccessAllowedSourceCIDRs: ['10.0.0.0/8', '10.0.0.0/8'] }, 'sshAccessAllowedSourceCIDRs.1', /lists 10\.0\.0\.0\/8 twice/);
  });
  it('rejects mapPublicIPs: false in the VPC kube-aws creates', () => assertOneError({ mapPublicIPs: false }, 'mapPublicIPs', /needs vpcId/));
});

describe('advisories: valid but exposed settings, which only validate prints', () => {
  it('the seed defaults: SSH and the API server open to 0.0.0.0/0, at the document start', () => {
    const result = parse();
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.advisories.map((a) => formatIssue(a)), [
      'cluster.yaml:1:1: warning: sshAccessAllowedSourceCIDRs: sshAccessAllowedSourceCIDRs opens SSH (port 22) on every node to the whole internet (0.0.0.0/0, the default); list only your admin networks (e.g. ["203.0.113.0/24"]), or [] to close SSH from outside the VPC',
      'cluster.yaml:1:1: warning: apiEndpointAllowedSourceCIDRs: apiEndpointAllowedSourceCIDRs opens the API server (port 443 on the controller) to the whole internet (0.0.0.0/0, the default); list the networks kubectl and kube-aws run from (e.g. ["203.0.113.0/24"])',
    ]);
  });
  it('a written 0.0.0.0/0 and a hop limit above 1 point at their lines', () => {
    const text = `${yamlOf({ sshAccessAllowedSourceCIDRs: ['10.0.0.0/8'] })}apiEndpointAllowedSourceCIDRs:\n  - 203.0.113.0/24\n  - 0.0.0.0/0\ninstanceMetadata:\n  hopLimit: 2\n`;
    const result = parseClusterConfig(text);
    assert.ok(result.ok);
    const lines = text.split('\n');
    const lineOf = (s: string): number => lines.findIndex((l) => l.includes(s)) + 1;
    assert.deepEqual(result.advisories.map((a) => [a.path, a.position?.line]), [
      ['apiEndpointAllowedSourceCIDRs.1', lineOf('- 0.0.0.0/0')],
      ['instanceMetadata.hopLimit', lineOf('hopLimit: 2')],
    ]);
    assert.match(result.advisories[1]?.message ?? '', /lets pods without host networking reach instance metadata and take the node role's credentials/);
  });
  it('none for closed lists and hop limit 1', () => {
    const result = parse({ sshAccessAllowedSourceCIDRs: [], apiEndpointAllowedSourceCIDRs: ['203.0.113.0/24'], instanceMetadata: { hopLimit: 1 } });
    assert.ok(result.ok);
    assert.deepEqual(result.advisories, []);
  });
});

describe('instanceMetadata', () => {
  it('defaults to hop limit 1 and takes up to 64', () => {
    assert.deepEqual(configOf().instanceMetadata, { hopLimit: 1 });
    assert.deepEqual(configOf({ instanceMetadata: { hopLimit: 64 } }).instanceMetadata, { hopLimit: 64 });
    assertOneError({ instanceMetadata: { hopLimit: 65 } }, 'instanceMetadata.hopLimit', /must be <= 64/);
  });
});
