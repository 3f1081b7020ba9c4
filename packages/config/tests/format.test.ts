import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIssue, parseClusterConfig, sortIssues } from '../src/index.js';
import { ARN } from './helpers.js';

describe('formatIssue', () => {
  it('prints file:line:col: key: message', () => {
    assert.equal(formatIssue({ severity: 'error', path: 'workerCount', message: 'bad', position: { line: 3, col: 14 } }), 'cluster.yaml:3:14: workerCount: bad');
  });
  it('marks warnings after the location', () => {
    assert.equal(formatIssue({ severity: 'warning', path: 'hostedZone', message: 'old', position: { line: 2, col: 1 } }), 'cluster.yaml:2:1: warning: hostedZone: old');
  });
  it('takes another file name, and works without position or key', () => {
    assert.equal(formatIssue({ severity: 'error', path: '', message: 'empty' }, 'x/cluster.yaml'), 'x/cluster.yaml: empty');
  });
  it('sorts by position, positionless last', () => {
    const sorted = sortIssues([
      { severity: 'error', path: 'c', message: '' },
      { severity: 'error', path: 'b', message: '', position: { line: 2, col: 5 } },
      { severity: 'error', path: 'a', message: '', position: { line: 2, col: 1 } },
    ]);
    assert.deepEqual(sorted.map((i) => i.path), ['a', 'b', 'c']);
  });
});

describe('positions', () => {
  const text = [
    '# a comment',                              // 1
    'clusterName: kube',                        // 2
    'externalDNSName: kube.example.com',        // 3
    'keyName: k',                               // 4
    'region: us-west-1',                        // 5
    `kmsKeyArn: "${ARN}"`,                      // 6
    'workerCount:   -2',                        // 7
    'subnets:',                                 // 8
    '  - availabilityZone: us-west-1b',         // 9
    '    instanceCIDR: "10.0.0.0/24"',          // 10
    '  - availabilityZone: us-west-1c',         // 11
    '    instanceCIDR: 10.0.0.0/25',            // 12
    '    zone: x',                              // 13
    'stackTags:',                               // 14
    '  Name: 5',                                // 15
  ].join('\n');
  const result = parseClusterConfig(text);

  it('points at values for bad values and keys for unknown keys', () => {
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((e) => [e.path, e.position?.line, e.position?.col]),
      [
        ['workerCount', 7, 16],
        ['subnets.1.instanceCIDR', 12, 19],
        ['subnets.1.zone', 13, 5],
        ['stackTags.Name', 15, 9],
      ],
    );
  });

  it('points at the document start for a missing key, at the subnet for a missing subnet key', () => {
    const r = parseClusterConfig(`# header\nkeyName: k\nregion: us-west-1\nkmsKeyArn: "${ARN}"\nsubnets:\n  - instanceCIDR: 10.0.0.0/24\n`);
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => [e.path, e.position]), [
      ['externalDNSName', { line: 1, col: 1 }],
      ['subnets.0.availabilityZone', { line: 6, col: 5 }],
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const r = parseClusterConfig('clusterName: a\nkeyName: [k\nregion: x\n');
    assert.ok(!r.ok);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]?.position?.line, 3);
    assert.match(r.errors[0]?.message ?? '', /^invalid YAML: /);
  });

  it('reports duplicate keys', () => {
    const r = parseClusterConfig('keyName: a\nkeyName: b\n');
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => formatIssue(e)), ['cluster.yaml:2:1: invalid YAML: Map keys must be unique; each key may appear once, so remove one']);
  });

  it('rejects an empty file and a non-mapping, naming the file', () => {
    const empty = parseClusterConfig('# nothing\n', { fileName: 'my.yaml' });
    assert.ok(!empty.ok);
    assert.equal(empty.errors[0]?.message, 'my.yaml is empty; run kube-aws init to create one');
    const list = parseClusterConfig('- a\n- b\n');
    assert.ok(!list.ok);
    assert.match(list.errors[0]?.message ?? '', /must be a mapping of keys to values/);
  });
});
