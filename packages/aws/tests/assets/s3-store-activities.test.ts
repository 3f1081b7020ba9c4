/**
 * The asset store on S3 (`s3://bucket/prefix`) against a real moto server: SSE-KMS with the
 * cluster's key, file modes kept, working copies private and removed, nothing rewritten needlessly.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, HeadObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { AwsClients } from '../../src/clients.js';
import { openAssetStore } from '../../src/assets/open-asset-store.js';
import { createAssetsS3Client } from '../../src/assets/assets-s3-client.js';
import { readStackInputs } from '../../src/assets/stack-inputs.js';
import { rejectsWithFailure, runActivity } from '../helpers/activity-env.js';
import { makeTempDir, removeDir } from '../helpers/cluster-dir.js';
import { startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';
import { createKmsKey } from '../helpers/seed-account.js';

const BUCKET = 'kube-aws-assets-test';
const URI = `s3://${BUCKET}/clusters/kube-cluster`;

describe('asset store on S3 (moto)', () => {
  let moto: MotoServer;
  let clients: AwsClients;
  let kmsKeyArn: string;
  let tempRoot: string;
  let activities: ReturnType<typeof createNodeAndAssetActivities>;

  const versionsOf = async (path: string): Promise<number> => {
    const out = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: `clusters/kube-cluster/${path}` }));
    return (out.Versions ?? []).filter((v) => v.Key === `clusters/kube-cluster/${path}`).length;
  };

  before(async () => {
    moto = await startMoto();
    clients = moto.clients();
    kmsKeyArn = await createKmsKey(clients);
    await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'us-west-1' } }));
    await clients.s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    tempRoot = await makeTempDir('kube-aws-s3-copies-');
    activities = createNodeAndAssetActivities(resolveDeps({ tempRoot }));
  });
  after(async () => {
    await moto?.stop();
    if (tempRoot) await removeDir(tempRoot);
  });

  it('fails with AssetsMissing before init', async () => {
    await rejectsWithFailure(runActivity(() => activities.loadCluster({ assetsUri: URI })), 'AssetsMissing');
  });

  it('initCluster writes cluster.yaml with SSE-KMS under the cluster key, and never twice', async () => {
    const input = {
      assetsUri: URI,
      clusterName: 'kube-cluster',
      externalDNSName: 'kube.isaack.io',
      region: 'us-west-1',
      availabilityZone: 'us-west-1a',
      keyName: 'isaack-k8s',
      kmsKeyArn,
    };
    assert.deepEqual(await runActivity(() => activities.initCluster(input)), { wrote: true });
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'clusters/kube-cluster/cluster.yaml' }));
    assert.equal(head.ServerSideEncryption, 'aws:kms');
    assert.equal(head.SSEKMSKeyId, kmsKeyArn);
    assert.equal(head.Metadata?.['mode'], '600');

    assert.deepEqual(await runActivity(() => activities.initCluster({ ...input, clusterName: 'another' })), { wrote: false });
    assert.equal(await versionsOf('cluster.yaml'), 1);
    assert.equal((await runActivity(() => activities.loadCluster({ assetsUri: URI }))).clusterName, 'kube-cluster');
  });

  it('renderAssets writes the assets back encrypted, keys 0600, and leaves no working copy', async () => {
    const summary = await runActivity(() => activities.renderAssets({ assetsUri: URI }));
    assert.ok(summary.files.some((f) => f.path === 'credentials/ca-key.pem' && f.action === 'wrote'));
    const key = await clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'clusters/kube-cluster/credentials/ca-key.pem' }));
    assert.equal(key.ServerSideEncryption, 'aws:kms');
    assert.equal(key.SSEKMSKeyId, kmsKeyArn);
    assert.equal(key.Metadata?.['mode'], '600');
    const template = await clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'clusters/kube-cluster/stack-template.json' }));
    assert.equal(template.Metadata?.['mode'], '644');
    assert.deepEqual(await readdir(tempRoot), []);
  });

  it('a second render rewrites nothing that did not change (the CA keeps one version)', async () => {
    const summary = await runActivity(() => activities.renderAssets({ assetsUri: URI }));
    assert.equal(summary.files.find((f) => f.path === 'credentials/ca.pem')?.action, 'reused');
    assert.equal(await versionsOf('credentials/ca.pem'), 1);
    assert.equal(await versionsOf('credentials/ca-key.pem'), 1);
    assert.equal(await versionsOf('stack-template.json'), 1);
  });

  it('validateAssets reads a working copy and writes nothing back', async () => {
    const report = await runActivity(() => activities.validateAssets({ assetsUri: URI }));
    assert.ok(report.templateBytes > 0);
    assert.equal(await versionsOf('.kube-aws/render-state.json'), 1);
    assert.deepEqual(await readdir(tempRoot), []);
  });

  it('prepareNodeConfigs through S3: the manifest round-trips, so a retry gives the same digests', async () => {
    const first = await runActivity(() => activities.prepareNodeConfigs({ assetsUri: URI }));
    const again = await runActivity(() => activities.prepareNodeConfigs({ assetsUri: URI }));
    assert.deepEqual(again, first);
    assert.equal(await versionsOf('.kube-aws/final/controller.ign'), 1);
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'clusters/kube-cluster/.kube-aws/final/worker.ign' }));
    assert.equal(head.Metadata?.['mode'], '600');
    assert.equal(head.SSEKMSKeyId, kmsKeyArn);
    assert.deepEqual(await readdir(tempRoot), []);
  });

  it('loads the stack inputs straight from S3', async () => {
    const store = openAssetStore(URI, { s3: () => createAssetsS3Client() });
    const inputs = await readStackInputs(store);
    assert.equal(inputs.summary.kmsKeyArn, kmsKeyArn);
    assert.ok(inputs.templateBody.startsWith('{"AWSTemplateFormatVersion"'));
    // A template over the inline limit can go through the store's own bucket.
    assert.equal(inputs.templateBucket, BUCKET);
  });

  it('writeFile and readFile round-trip one object with its mode', async () => {
    const store = openAssetStore(URI, { s3: () => createAssetsS3Client() });
    await store.writeFile('.kube-aws/final/probe.txt', 'hello', 0o600);
    assert.equal(new TextDecoder().decode(await store.readFile('.kube-aws/final/probe.txt')), 'hello');
    assert.equal(await store.readFile('.kube-aws/final/absent.txt'), undefined);
  });
});
