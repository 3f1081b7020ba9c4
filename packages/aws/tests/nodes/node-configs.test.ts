/**
 * prepareNodeConfigs and uploadNodeConfigs against moto (KMS and S3) over a rendered seed-shaped
 * cluster directory: real ciphertext that the node can decrypt, and digests that stay the same on
 * every retry so the stack's parameters never change under a retry.
 */
import assert from 'node:assert/strict';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DecryptCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { decodeDataUrl, ignitionSha512, NODE_CONFIG_KEYS, nodeAssetNames } from '@kube-aws/render';
import type { IgnitionConfig } from '@kube-aws/render';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { AwsClients } from '../../src/clients.js';
import type { NodeConfigDigests } from '../../src/contract.js';
import { KmsEncryptor } from '../../src/kms/kms-encryptor.js';
import { rejectsWithFailure, runActivity } from '../helpers/activity-env.js';
import { fileUri, removeDir, renderedClusterDir } from '../helpers/cluster-dir.js';
import { startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';
import { createKmsKey } from '../helpers/seed-account.js';

const BUCKET = 'kube-cluster-assetsbucket-test';

describe('node configs: prepare (KMS) and upload (S3), moto', () => {
  let moto: MotoServer;
  let clients: AwsClients;
  let dir: string;
  let encryptCalls = 0;
  let activities: ReturnType<typeof createNodeAndAssetActivities>;
  let first: NodeConfigDigests;

  before(async () => {
    moto = await startMoto();
    clients = moto.clients();
    const kmsKeyArn = await createKmsKey(clients);
    await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'us-west-1' } }));
    dir = await renderedClusterDir({ kmsKeyArn });
    activities = createNodeAndAssetActivities(
      resolveDeps({
        encryptorFor: (config, regionClients) => {
          const kms = new KmsEncryptor(regionClients.kms, config.kmsKeyArn);
          return { keyArn: kms.keyArn, encrypt: (p, c) => ((encryptCalls += 1), kms.encrypt(p, c)) };
        },
      }),
    );
  });
  after(async () => {
    await moto?.stop();
    if (dir) await removeDir(dir);
  });

  it('writes each final config 0600 with the TLS assets as KMS ciphertext only', async () => {
    first = await runActivity(() => activities.prepareNodeConfigs({ assetsUri: fileUri(dir) }));
    assert.equal(first.controller.path, '.kube-aws/final/controller.ign');
    assert.equal(first.worker.path, '.kube-aws/final/worker.ign');
    assert.equal(encryptCalls, nodeAssetNames('controller').length + nodeAssetNames('worker').length);
    for (const role of ['controller', 'worker'] as const) {
      const path = join(dir, first[role].path);
      const bytes = await readFile(path);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.match(first[role].sha512, /^[0-9a-f]{128}$/);
      assert.equal(ignitionSha512(bytes), first[role].sha512);
      assert.equal(bytes.length, first[role].bytes);
      assert.ok(!bytes.includes('PRIVATE KEY'), `${role}: plaintext key material in the final config`);
    }
  });

  it('the node can decrypt its assets with KMS and the file-name context', async () => {
    const final = JSON.parse(await readFile(join(dir, first.worker.path), 'utf8')) as IgnitionConfig;
    const enc = final.storage?.files?.find((f) => f.path.endsWith('/worker-key.pem.enc'));
    assert.ok(enc?.contents?.source, 'worker-key.pem.enc in the worker config');
    const ciphertext = decodeDataUrl(enc.contents.source, enc.contents.compression);
    const out = await clients.kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { asset: 'worker-key.pem' } }));
    assert.equal(Buffer.from(out.Plaintext ?? new Uint8Array()).toString('utf8'), await readFile(join(dir, 'credentials', 'worker-key.pem'), 'utf8'));
  });

  it('a retry reuses the final configs: same digests, no KMS call', async () => {
    const calls = encryptCalls;
    const again = await runActivity(() => activities.prepareNodeConfigs({ assetsUri: fileUri(dir) }));
    assert.deepEqual(again, first);
    assert.equal(encryptCalls, calls);
  });

  it('rebuilds only the role whose source changed', async () => {
    const path = join(dir, 'userdata', 'worker.ign');
    const source = await readFile(path, 'utf8');
    await writeFile(path, JSON.stringify(JSON.parse(source))); // same config, other bytes: a user edit
    const calls = encryptCalls;
    const next = await runActivity(() => activities.prepareNodeConfigs({ assetsUri: fileUri(dir) }));
    assert.deepEqual(next.controller, first.controller);
    assert.notEqual(next.worker.sha512, first.worker.sha512);
    assert.equal(encryptCalls, calls + nodeAssetNames('worker').length);
    first = next;
  });

  it('rebuilds a final config that was tampered with', async () => {
    await writeFile(join(dir, first.controller.path), '{}');
    const next = await runActivity(() => activities.prepareNodeConfigs({ assetsUri: fileUri(dir) }));
    assert.notEqual(next.controller.sha512, first.controller.sha512);
    assert.equal(ignitionSha512(await readFile(join(dir, next.controller.path))), next.controller.sha512);
    first = next;
  });

  it('uploads both configs SSE-KMS with their digest, then skips them on a retry', async () => {
    const input = { assetsUri: fileUri(dir), bucket: BUCKET, digests: first };
    const result = await runActivity(() => activities.uploadNodeConfigs(input));
    assert.deepEqual(result, { keys: [NODE_CONFIG_KEYS.controller, NODE_CONFIG_KEYS.worker], skipped: 0 });
    for (const role of ['controller', 'worker'] as const) {
      const head = await clients.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: NODE_CONFIG_KEYS[role] }));
      assert.equal(head.ServerSideEncryption, 'aws:kms');
      assert.equal(head.BucketKeyEnabled, true, 'S3 Bucket Key: the bucket ARN is the encryption context the node roles may decrypt under');
      assert.equal(head.Metadata?.['sha512'], first[role].sha512);
      const body = await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: NODE_CONFIG_KEYS[role] }));
      assert.equal(ignitionSha512(await body.Body!.transformToByteArray()), first[role].sha512);
    }
    assert.equal((await runActivity(() => activities.uploadNodeConfigs(input))).skipped, 2);
  });

  it('refuses to upload bytes that do not match the digest it was given', async () => {
    const wrong = { ...first, worker: { ...first.worker, sha512: 'f'.repeat(128) } };
    const failure = await rejectsWithFailure(runActivity(() => activities.uploadNodeConfigs({ assetsUri: fileUri(dir), bucket: BUCKET, digests: wrong })), 'AssetsInvalid');
    assert.match(failure.message, /worker\.ign/);
  });

  it('fails with AssetsMissing when the final config is gone', async () => {
    await rm(join(dir, first.worker.path));
    await rejectsWithFailure(runActivity(() => activities.uploadNodeConfigs({ assetsUri: fileUri(dir), bucket: BUCKET, digests: first })), 'AssetsMissing');
  });
});
