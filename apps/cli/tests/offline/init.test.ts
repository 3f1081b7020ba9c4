/**
 * `kube-aws init` end to end: the seed's flags write a cluster.yaml with a comment on every key;
 * a second init and malformed flags fail with exit 2, say what is wrong, and write nothing.
 */
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { CLI_TIMEOUT_MS, REPO_ROOT, describeRun, runCli, runCliOk } from '../helpers/cli.js';
import { removeDir, snapshotTree, tempDir } from '../helpers/dirs.js';
import { SEED_INIT_FLAGS, SEED_VALUES, seedFlagsWith } from '../helpers/seed.js';

const timeout = CLI_TIMEOUT_MS;

interface SchemaProperty {
  readonly description?: string;
}

/** The keys of cluster.yaml and the comment init writes above each (the schema's description). */
async function schemaKeys(): Promise<Array<[string, string]>> {
  const schema = JSON.parse(await readFile(join(REPO_ROOT, 'packages/config/cluster.schema.json'), 'utf8')) as {
    properties: Record<string, SchemaProperty>;
  };
  return Object.entries(schema.properties).map(([key, p]) => [key, p.description ?? '']);
}

describe('kube-aws init', () => {
  const dirs: string[] = [];
  const newDir = async (): Promise<string> => {
    const dir = await tempDir('kube-aws-cli-init-');
    dirs.push(dir);
    return dir;
  };
  after(() => Promise.all(dirs.map((d) => removeDir(d))));

  it('with the seed flags: exit 0, a 0600 cluster.yaml holding exactly the six values, every key commented', { timeout }, async () => {
    const dir = await newDir();
    const args = ['init', ...SEED_INIT_FLAGS];
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 0, describeRun(args, result));
    assert.match(result.stdout, /^Success! Created cluster\.yaml$/m);
    assert.match(result.stdout, /kube-aws render/);
    assert.deepEqual(Object.keys(await snapshotTree(dir)), ['cluster.yaml']);
    assert.equal((await stat(join(dir, 'cluster.yaml'))).mode & 0o777, 0o600);

    const text = await readFile(join(dir, 'cluster.yaml'), 'utf8');
    // Only the flag values are live; every other key is written commented out with its default.
    assert.deepEqual(parse(text), SEED_VALUES);

    let written = 0;
    for (const [key, description] of await schemaKeys()) {
      if (description.startsWith('DEPRECATED')) {
        assert.doesNotMatch(text, new RegExp(`^(# )?${key}:`, 'm'), `deprecated key ${key} written`);
        continue;
      }
      // The key's description comment sits directly above the key line (live or commented out).
      const block = new RegExp(`^# ${description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n(# )?${key}:`, 'm');
      assert.match(text, block, `${key} is not written under its comment`);
      written++;
    }
    assert.ok(written >= 30, `only ${written} keys written`);
    // No key line without a comment right above it.
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^(# )?[a-zA-Z]+:/.test(line)) assert.match(lines[i - 1] ?? '', /^# (?![a-zA-Z]+:)/, `line ${i + 1} (${line}) has no comment above`);
    });
  });

  it('a second init: exit 2, says cluster.yaml exists, leaves the file byte-for-byte alone', { timeout }, async () => {
    const dir = await newDir();
    await runCliOk(['init', ...SEED_INIT_FLAGS], { cwd: dir });
    const before = await snapshotTree(dir);

    // Different, valid values: if init overwrote, the bytes would change.
    const args = ['init', ...seedFlagsWith('--cluster-name', 'other-cluster')];
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 2, describeRun(args, result));
    assert.match(result.stderr, /cluster\.yaml already exists in .*; remove it or run init in an empty directory/);
    assert.doesNotMatch(result.stdout, /Success/);
    assert.deepEqual(await snapshotTree(dir), before);
  });

  const badFlags: Array<{ name: string; flag: string; value: string; message: RegExp }> = [
    {
      name: 'a KMS ARN without a 12-digit account',
      flag: '--kms-key-arn',
      value: 'arn:aws:kms:us-west-1:xxxxxxx-xxxxxxx:key/xxxxxxx-xxxxxxxx-xxxxxxxxxx',
      message: /--kms-key-arn .*not 12 digits/,
    },
    {
      name: 'an availability zone outside the region',
      flag: '--availability-zone',
      value: 'us-east-1a',
      message: /--availability-zone us-east-1a is not in --region us-west-1/,
    },
    {
      name: 'a malformed DNS name',
      flag: '--external-dns-name',
      value: 'kube_isaack..io',
      message: /--external-dns-name kube_isaack\.\.io is not a valid DNS name/,
    },
    {
      name: 'a KMS key in another region',
      flag: '--kms-key-arn',
      value: 'arn:aws:kms:us-east-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f',
      message: /--kms-key-arn .*us-east-1.*--region/,
    },
  ];
  for (const bad of badFlags) {
    it(`${bad.name}: exit 2 naming ${bad.flag}, nothing written`, { timeout }, async () => {
      const dir = await newDir();
      const args = ['init', ...seedFlagsWith(bad.flag, bad.value)];
      const result = await runCli(args, { cwd: dir });
      assert.equal(result.code, 2, describeRun(args, result));
      assert.match(result.stderr, /^Error: /m);
      assert.match(result.stderr, bad.message);
      assert.doesNotMatch(result.stdout, /Success/);
      assert.deepEqual(await snapshotTree(dir), {});
    });
  }

  it('missing flags: exit 2 listing each missing flag, nothing written', { timeout }, async () => {
    const dir = await newDir();
    const args = ['init', '--cluster-name=kube-cluster', '--region=us-west-1'];
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 2, describeRun(args, result));
    for (const flag of ['--external-dns-name', '--availability-zone', '--key-name', '--kms-key-arn']) assert.ok(result.stderr.includes(flag), flag);
    assert.ok(!result.stderr.includes('"--region"'), 'a given flag reported missing');
    assert.deepEqual(await snapshotTree(dir), {});
  });
});
