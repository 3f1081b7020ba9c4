import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkInitOptions, CLUSTER_YAML_KEYS, formatIssue, parseClusterConfig, renderInitialClusterYaml } from '../src/index.js';
import { keySchema } from '../src/schema.js';
import { seedClusterConfig } from '../src/testing.js';
import { INIT } from './helpers.js';

const text = renderInitialClusterYaml(INIT);

function mustParse(yaml: string) {
  const r = parseClusterConfig(yaml);
  assert.ok(r.ok, r.ok ? '' : `${r.errors.map((e) => formatIssue(e)).join('\n')}\n---\n${yaml}`);
  return r;
}

describe('renderInitialClusterYaml', () => {
  it('sets the six init values, kmsKeyArn quoted', () => {
    for (const line of [
      'clusterName: kube-cluster',
      'externalDNSName: kube.isaack.io',
      'keyName: isaack-k8s',
      'region: us-west-1',
      'availabilityZone: us-west-1c',
      `kmsKeyArn: "${INIT.kmsKeyArn}"`,
    ]) {
      assert.ok(text.split('\n').includes(line), `missing ${line}`);
    }
  });

  it('round-trips to the seed cluster with every other key at its default', () => {
    const r = mustParse(text);
    assert.deepEqual(r.warnings, []);
    const { hostedZone: _zone, ...expected } = seedClusterConfig({ workerCount: 1, createRecordSet: false, stackTags: {} });
    assert.deepEqual(r.config, expected);
  });

  it('writes every other key commented out under its one-line description', () => {
    const lines = text.split('\n');
    for (const key of CLUSTER_YAML_KEYS) {
      if (key === 'hostedZone' || key === 'hyperkubeImageRepo') {
        assert.ok(!text.includes(`${key}:`), `deprecated ${key} is written`);
        continue;
      }
      const at = lines.findIndex((l) => l === `${key}:` || l.startsWith(`${key}: `) || l === `# ${key}:` || l.startsWith(`# ${key}: `));
      assert.ok(at > 0, `${key} is not in the template`);
      assert.equal(lines[at - 1], `# ${String(keySchema(key)?.description)}`, `description of ${key}`);
    }
  });

  it('keeps every commented default: uncommenting any one line changes nothing', () => {
    const base = mustParse(text).config;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const m = /^# ([a-zA-Z]+):( .*)?$/.exec(line);
      if (!m || m[1] === 'subnets' || m[1] === 'stackTags') return;
      const edited = [...lines.slice(0, i), line.slice(2), ...lines.slice(i + 1)].join('\n');
      assert.deepEqual(mustParse(edited).config, base, `uncommenting ${m[1]} changed the config`);
    });
  });

  it('has a working subnets example (with availabilityZone removed) and stackTags example', () => {
    const edited = text
      .replace(/^availabilityZone: .*$/m, '')
      .replace(/^# subnets:\n(#.*\n)+/m, (block) => block.replace(/^# /gm, ''))
      .replace(/^# stackTags:\n(#.*\n)+/m, (block) => block.replace(/^# /gm, ''));
    const config = mustParse(edited).config;
    assert.deepEqual(config.subnets, [
      { availabilityZone: 'us-west-1c', instanceCIDR: '10.0.0.0/24' },
      { availabilityZone: 'us-west-1a', instanceCIDR: '10.0.1.0/24' },
    ]);
    assert.deepEqual(config.stackTags, { Name: 'Kubernetes', Environment: 'Production' });
  });

  it('writes the access lists and instanceMetadata as blocks that, uncommented, keep the defaults', () => {
    let edited = text;
    for (const key of ['sshAccessAllowedSourceCIDRs', 'apiEndpointAllowedSourceCIDRs', 'instanceMetadata']) {
      const block = new RegExp(`^# ${key}:\\n(#   .*\\n)+`, 'm');
      assert.match(edited, block, `no commented ${key} block`);
      edited = edited.replace(block, (b) => b.replace(/^# /gm, ''));
    }
    assert.deepEqual(mustParse(edited).config, mustParse(text).config);
    assert.ok(edited.includes('sshAccessAllowedSourceCIDRs:\n  - "0.0.0.0/0"'));
    assert.ok(edited.includes('instanceMetadata:\n  hopLimit: 1'));
  });

  it('quotes values YAML would read as something else', () => {
    const odd = renderInitialClusterYaml({ ...INIT, keyName: 'true' });
    assert.ok(odd.includes('keyName: "true"'));
    const r = mustParse(odd);
    assert.equal(r.config.keyName, 'true');
  });
});

describe('checkInitOptions', () => {
  it('accepts the seed flags (with a real-shaped ARN)', () => {
    assert.deepEqual(checkInitOptions(INIT), []);
  });

  it('names every missing flag', () => {
    const issues = checkInitOptions({ clusterName: '', externalDNSName: '', region: '', availabilityZone: '', keyName: '', kmsKeyArn: '' });
    assert.deepEqual(issues.map((i) => i.message.split(' ')[0]), [
      '--cluster-name', '--external-dns-name', '--region', '--availability-zone', '--key-name', '--kms-key-arn',
    ]);
    assert.ok(issues.every((i) => i.severity === 'error' && / must be set; give /.test(i.message)));
  });

  it('checks each value and names its flag', () => {
    const issues = checkInitOptions({
      clusterName: 'kube cluster',
      externalDNSName: 'kube',
      region: 'us-west-1',
      availabilityZone: 'us-east-1a',
      keyName: 'k',
      kmsKeyArn: 'arn:aws:kms:us-west-1:xxxxxxx-xxxxxxx:key/xxxxxxx-xxxxxxxx-xxxxxxxxxx',
    });
    assert.deepEqual(issues.map((i) => [i.path, i.message.split(' ')[0]]), [
      ['clusterName', '--cluster-name'],
      ['externalDNSName', '--external-dns-name'],
      ['availabilityZone', '--availability-zone'],
      ['kmsKeyArn', '--kms-key-arn'],
    ]);
    assert.match(issues[2]?.message ?? '', /us-east-1a is not in --region us-west-1/);
    assert.match(issues[3]?.message ?? '', /not 12 digits/);
  });

  it('rejects a KMS key of another region and warns about an unknown region', () => {
    const other = checkInitOptions({ ...INIT, kmsKeyArn: INIT.kmsKeyArn.replace('us-west-1', 'us-east-1') });
    assert.match(other[0]?.message ?? '', /^--kms-key-arn is a key in us-east-1 but --region is us-west-1; KMS keys are regional/);
    const unknown = checkInitOptions({ ...INIT, region: 'xx-west-9', availabilityZone: 'xx-west-9a', kmsKeyArn: INIT.kmsKeyArn.replace('us-west-1', 'xx-west-9') });
    assert.deepEqual(unknown.map((i) => i.severity), ['warning']);
  });
});
