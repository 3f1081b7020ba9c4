/**
 * The offline activities over a directory store (`file:///…`), as `kube-aws init/render/validate`
 * use the cluster directory; no AWS involved.
 */
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { minifyTemplate } from '@kube-aws/render';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { AwsClients } from '../../src/clients.js';
import { readStackInputs } from '../../src/assets/stack-inputs.js';
import { FileAssetStore } from '../../src/assets/file-asset-store.js';
import { rejectsWithFailure, runActivity } from '../helpers/activity-env.js';
import { fileUri, makeTempDir, removeDir, writeClusterYaml } from '../helpers/cluster-dir.js';

const KMS_KEY_ARN = 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';
const INIT = {
  clusterName: 'kube-cluster',
  externalDNSName: 'kube.isaack.io',
  region: 'us-west-1',
  availabilityZone: 'us-west-1c',
  keyName: 'isaack-k8s',
  kmsKeyArn: KMS_KEY_ARN,
};

// Offline activities must not reach for AWS at all.
const activities = createNodeAndAssetActivities(
  resolveDeps({
    clientsFor: (): AwsClients => {
      throw new Error('offline activity asked for AWS clients');
    },
    assetsS3: () => {
      throw new Error('directory store asked for an S3 client');
    },
  }),
);

describe('initCluster (directory store)', () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir();
  });
  after(() => removeDir(dir));

  it('writes cluster.yaml like kube-aws init, mode 0600', async () => {
    const result = await runActivity(() => activities.initCluster({ assetsUri: fileUri(dir), ...INIT }));
    assert.deepEqual(result, { wrote: true });
    const text = await readFile(join(dir, 'cluster.yaml'), 'utf8');
    assert.match(text, /^clusterName: kube-cluster$/m);
    assert.match(text, /^kmsKeyArn: "arn:aws:kms:us-west-1:123456789012:key\//m);
    assert.equal((await stat(join(dir, 'cluster.yaml'))).mode & 0o777, 0o600);
  });

  it('never overwrites an existing cluster.yaml (the user may have edited it)', async () => {
    const edited = `${await readFile(join(dir, 'cluster.yaml'), 'utf8')}\nworkerCount: 5\n`;
    await writeFile(join(dir, 'cluster.yaml'), edited);
    const result = await runActivity(() => activities.initCluster({ assetsUri: fileUri(dir), ...INIT, clusterName: 'other-name' }));
    assert.deepEqual(result, { wrote: false });
    assert.equal(await readFile(join(dir, 'cluster.yaml'), 'utf8'), edited);
  });

  it('creates the directory when it does not exist yet', async () => {
    const fresh = join(dir, 'nested', 'cluster');
    assert.deepEqual(await runActivity(() => activities.initCluster({ assetsUri: fileUri(fresh), ...INIT })), { wrote: true });
  });

  it('rejects bad flags as ConfigInvalid, naming each flag', async () => {
    const other = await makeTempDir();
    try {
      const failure = await rejectsWithFailure(
        runActivity(() => activities.initCluster({ assetsUri: fileUri(other), ...INIT, kmsKeyArn: 'not-an-arn', availabilityZone: 'eu-west-1a' })),
        'ConfigInvalid',
      );
      assert.match(failure.message, /--kms-key-arn/);
      assert.match(failure.message, /--availability-zone/);
    } finally {
      await removeDir(other);
    }
  });
});

describe('loadCluster (directory store)', () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir();
  });
  after(() => removeDir(dir));

  it('fails with AssetsMissing when there is no cluster.yaml', async () => {
    const failure = await rejectsWithFailure(runActivity(() => activities.loadCluster({ assetsUri: fileUri(dir) })), 'AssetsMissing');
    assert.match(failure.message, /kube-aws init/);
  });

  it('returns the summary, with a digest of the file and its warnings', async () => {
    await writeClusterYaml(dir, { kmsKeyArn: KMS_KEY_ARN, extra: ['createRecordSet: true', 'hostedZone: "isaack.io"'] });
    const summary = await runActivity(() => activities.loadCluster({ assetsUri: fileUri(dir) }));
    assert.equal(summary.clusterName, 'kube-cluster');
    assert.equal(summary.stackName, 'kube-cluster');
    assert.equal(summary.region, 'us-west-1');
    assert.deepEqual(summary.availabilityZones, ['us-west-1a']);
    assert.equal(summary.workerCount, 2);
    assert.equal(summary.createRecordSet, true);
    assert.equal(summary.controllerIP, '10.0.0.50');
    assert.match(summary.configDigest, /^[0-9a-f]{64}$/);
    // hostedZone is deprecated: the warning carries its place in the file.
    assert.ok(summary.warnings.some((w) => /^cluster\.yaml:\d+:\d+: warning: hostedZone: /.test(w)), summary.warnings.join('\n'));
  });

  it('reports every config error with its line and column as ConfigInvalid', async () => {
    const text = await readFile(join(dir, 'cluster.yaml'), 'utf8');
    await writeFile(join(dir, 'cluster.yaml'), `${text}workerCount: -1\nnoSuchKey: 1\n`.replace(/^workerCount: 2\n/m, ''));
    const failure = await rejectsWithFailure(runActivity(() => activities.loadCluster({ assetsUri: fileUri(dir) })), 'ConfigInvalid');
    const lines = failure.message.split('\n');
    assert.ok(lines.length >= 2, failure.message);
    for (const line of lines) assert.match(line, /^cluster\.yaml:\d+:\d+: /);
    assert.ok(lines.some((l) => l.includes('workerCount')));
    assert.ok(lines.some((l) => l.includes('noSuchKey')));
  });
});

describe('renderAssets, validateAssets and the stack inputs (directory store)', () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir();
    await writeClusterYaml(dir, { kmsKeyArn: KMS_KEY_ARN });
  });
  after(() => removeDir(dir));

  it('renders everything on the first run', async () => {
    const summary = await runActivity(() => activities.renderAssets({ assetsUri: fileUri(dir) }));
    const byPath = new Map(summary.files.map((f) => [f.path, f.action]));
    assert.equal(byPath.get('credentials/ca.pem'), 'wrote');
    assert.equal(byPath.get('credentials/ca-key.pem'), 'wrote');
    assert.equal(byPath.get('stack-template.json'), 'wrote');
    assert.equal(byPath.get('userdata/worker.ign'), 'wrote');
    assert.equal((await stat(join(dir, 'credentials', 'ca-key.pem'))).mode & 0o777, 0o600);
  });

  it('keeps the CA, reuses what is valid and keeps edited files on a second run', async () => {
    const ca = await readFile(join(dir, 'credentials', 'ca.pem'), 'utf8');
    const caKey = await readFile(join(dir, 'credentials', 'ca-key.pem'), 'utf8');
    const template = JSON.parse(await readFile(join(dir, 'stack-template.json'), 'utf8')) as { Description: string };
    template.Description = 'edited by hand';
    await writeFile(join(dir, 'stack-template.json'), `${JSON.stringify(template, null, 2)}\n`);

    const summary = await runActivity(() => activities.renderAssets({ assetsUri: fileUri(dir) }));
    const byPath = new Map(summary.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('credentials/ca.pem')?.action, 'reused');
    assert.equal(byPath.get('userdata/controller.ign')?.action, 'unchanged');
    assert.equal(byPath.get('stack-template.json')?.action, 'kept-edited');
    assert.ok(byPath.get('stack-template.json')?.reason);
    assert.equal(await readFile(join(dir, 'credentials', 'ca.pem'), 'utf8'), ca);
    assert.equal(await readFile(join(dir, 'credentials', 'ca-key.pem'), 'utf8'), caKey);
  });

  it('refuses a CA whose key does not match instead of overwriting it (AssetsInvalid)', async () => {
    const other = await makeTempDir();
    try {
      await writeClusterYaml(other, { kmsKeyArn: KMS_KEY_ARN });
      await runActivity(() => activities.renderAssets({ assetsUri: fileUri(other) }));
      const foreignKey = await readFile(join(other, 'credentials', 'ca-key.pem'), 'utf8');
      const ca = await readFile(join(dir, 'credentials', 'ca.pem'), 'utf8');
      await writeFile(join(other, 'credentials', 'ca.pem'), ca);
      await rejectsWithFailure(runActivity(() => activities.renderAssets({ assetsUri: fileUri(other) })), 'AssetsInvalid');
      assert.equal(await readFile(join(other, 'credentials', 'ca.pem'), 'utf8'), ca);
      assert.equal(await readFile(join(other, 'credentials', 'ca-key.pem'), 'utf8'), foreignKey);
    } finally {
      await removeDir(other);
    }
  });

  it('validates the rendered assets and reports sizes', async () => {
    const report = await runActivity(() => activities.validateAssets({ assetsUri: fileUri(dir) }));
    assert.ok(report.userDataBytes.controller > 0 && report.userDataBytes.controller < 16_384);
    assert.ok(report.userDataBytes.worker > 0);
    assert.ok(report.templateBytes > 0);
    assert.equal(typeof report.templateFitsInline, 'boolean');
  });

  it('reports a broken node config as AssetsInvalid with its file', async () => {
    const path = join(dir, 'userdata', 'worker.ign');
    const good = await readFile(path, 'utf8');
    try {
      await writeFile(path, good.replace('"version": "3.4.0"', '"version": "9.9.9"'));
      const failure = await rejectsWithFailure(runActivity(() => activities.validateAssets({ assetsUri: fileUri(dir) })), 'AssetsInvalid');
      assert.match(failure.message, /userdata\/worker\.ign/);
    } finally {
      await writeFile(path, good);
    }
  });

  it('loads the stack inputs: summary, sorted stack tags and the minified template', async () => {
    const inputs = await readStackInputs(new FileAssetStore(dir));
    assert.equal(inputs.summary.stackName, 'kube-cluster');
    const onDisk = JSON.parse(await readFile(join(dir, 'stack-template.json'), 'utf8'));
    assert.equal(inputs.templateBody, minifyTemplate(onDisk));
    assert.ok(!inputs.templateBody.includes('\n'));
    assert.deepEqual(inputs.stackTags, []);
    assert.equal(inputs.templateBucket, undefined);
  });
});
