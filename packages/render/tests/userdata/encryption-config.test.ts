/**
 * Secrets at rest: the key reaches the controller only as KMS ciphertext, and the controller's own
 * script turns the decrypted key into kube-apiserver's EncryptionConfiguration before the kubelet
 * starts. The script is run here with bash against a temp directory standing in for the pki
 * directory; the sandbox's control-plane test runs it on a machine and reads etcd.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { seedClusterConfig } from '@kube-aws/config/testing';

import { NodeAssetsMismatchError } from '../../src/errors.js';
import { ENCRYPTION_CONFIG_PATH, SECRETS_ENCRYPTION_KEY_PATH, encryptionConfigurationYaml } from '../../src/manifests/encryption-config.js';
import { buildNodeIgnition, finalizeNodeIgnition, nodeAssetNames, serializeIgnition } from '../../src/userdata/index.js';
import { DeterministicTestEncryptor } from '../../src/userdata/testing.js';
import { decodedFiles, fakePem, fileText } from './helpers.js';

const config = seedClusterConfig();
const controller = buildNodeIgnition(config, 'controller');
const KEY_ASSET = 'secrets-encryption-key.b64';

interface EncryptionConfiguration {
  apiVersion: string;
  kind: string;
  resources: { resources: string[]; providers: Record<string, { keys?: { name: string; secret: string }[] }>[] }[];
}

describe('secrets encryption at rest', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** The rendered script with the pki directory moved to a temp dir, run with bash. */
  function runScript(keyText: string | undefined): { code: number | null; stderr: string; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'encryption-config-'));
    dirs.push(dir);
    if (keyText !== undefined) writeFileSync(join(dir, KEY_ASSET), keyText, { mode: 0o600 });
    const script = fileText(controller, '/opt/kube-aws/bin/kube-aws-encryption-config').replaceAll('/etc/kubernetes/pki', dir);
    const r = spawnSync('/bin/bash', ['-c', script], { encoding: 'utf8' });
    return { code: r.status, stderr: `${r.stdout}${r.stderr}`, dir };
  }

  it('the EncryptionConfiguration puts secretbox first and identity second, for Secrets only', () => {
    const key = randomBytes(32).toString('base64');
    const parsed = parse(encryptionConfigurationYaml(key)) as EncryptionConfiguration;
    assert.equal(parsed.apiVersion, 'apiserver.config.k8s.io/v1');
    assert.equal(parsed.kind, 'EncryptionConfiguration');
    assert.deepEqual(parsed.resources.map((r) => r.resources), [['secrets']]);
    assert.deepEqual(parsed.resources[0]?.providers, [{ secretbox: { keys: [{ name: 'kube-aws-1', secret: key }] } }, { identity: {} }]);
  });

  it('the controller script writes exactly that configuration from the decrypted key, 0600, and prints no key', () => {
    const key = randomBytes(32).toString('base64');
    const r = runScript(`${key}\n`);
    assert.equal(r.code, 0, r.stderr);
    const written = join(r.dir, 'encryption-config.yaml');
    assert.equal(readFileSync(written, 'utf8'), encryptionConfigurationYaml(key));
    assert.equal(statSync(written).mode & 0o777, 0o600);
    assert.ok(!r.stderr.includes(key));
  });

  it('the script refuses a key of the wrong size or a missing key, naming the file and not the key', () => {
    const short = randomBytes(16).toString('base64');
    const bad = runScript(`${short}\n`);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /secrets-encryption-key\.b64 is not a base64 32-byte key; check credentials\/secrets-encryption-key\.b64 with kube-aws validate/);
    assert.ok(!bad.stderr.includes(short));
    const missing = runScript(undefined);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /is missing or empty: kube-aws-decrypt-assets\.service did not decrypt it/);
  });

  it('a controller unit runs the script after the decrypt unit and before the kubelet; workers have neither', () => {
    const unit = controller.systemd?.units?.find((u) => u.name === 'kube-aws-encryption-config.service');
    assert.equal(unit?.enabled, true);
    for (const line of ['After=kube-aws-decrypt-assets.service', 'Requires=kube-aws-decrypt-assets.service', 'Before=kubelet.service', 'RequiredBy=kubelet.service', 'ExecStart=/opt/kube-aws/bin/kube-aws-encryption-config']) {
      assert.ok(unit.contents?.includes(`${line}\n`), line);
    }
    const worker = buildNodeIgnition(config, 'worker');
    assert.ok(!worker.systemd?.units?.some((u) => u.name === unit.name));
    assert.ok(!(worker.storage?.files ?? []).some((f) => f.path.includes('encryption')));
    assert.equal(SECRETS_ENCRYPTION_KEY_PATH, `/etc/kubernetes/pki/${KEY_ASSET}`);
    assert.equal(ENCRYPTION_CONFIG_PATH, '/etc/kubernetes/pki/encryption-config.yaml');
  });

  it('the key reaches the controller only as ciphertext: no form of it is in the finalized config, and a worker may not receive it', async () => {
    const raw = randomBytes(32);
    const key = raw.toString('base64');
    assert.ok(nodeAssetNames('controller').includes(KEY_ASSET));
    assert.ok(!nodeAssetNames('worker').includes(KEY_ASSET));
    const assets = new Map(nodeAssetNames('controller').map((n) => [n, n === KEY_ASSET ? new Uint8Array(Buffer.from(`${key}\n`)) : fakePem(n)]));
    const encryptor = new DeterministicTestEncryptor();
    const finalized = await finalizeNodeIgnition(controller, 'controller', assets, encryptor);
    const json = serializeIgnition(finalized);
    for (const form of [key, raw.toString('hex'), raw.toString('base64url'), encodeURIComponent(key)]) assert.ok(!json.includes(form), form);
    for (const [path, bytes] of decodedFiles(finalized)) {
      assert.ok(!bytes.includes(key) && !bytes.includes(raw), `${path} holds the key`);
    }
    const enc = finalized.storage?.files?.find((f) => f.path === `/etc/kubernetes/pki/${KEY_ASSET}.enc`);
    assert.ok(enc?.contents?.source, 'the key is delivered, encrypted');
    const ciphertext = decodedFiles(finalized).get(enc.path) as Buffer;
    assert.equal(Buffer.from(encryptor.decrypt(ciphertext, { asset: KEY_ASSET })).toString('utf8'), `${key}\n`);

    const workerAssets = new Map(nodeAssetNames('worker').map((n) => [n, fakePem(n)]));
    workerAssets.set(KEY_ASSET, new Uint8Array(Buffer.from(key)));
    await assert.rejects(finalizeNodeIgnition(buildNodeIgnition(config, 'worker'), 'worker', workerAssets, encryptor), (err: unknown) => {
      assert.ok(err instanceof NodeAssetsMismatchError);
      assert.deepEqual(err.unexpected, [KEY_ASSET]);
      assert.ok(!err.message.includes(key));
      return true;
    });
  });
});
