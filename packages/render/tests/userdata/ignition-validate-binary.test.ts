import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';

import {
  buildIgnitionStub,
  buildNodeIgnition,
  finalizeNodeIgnition,
  ignitionSha512,
  nodeAssetNames,
  serializeIgnition,
  serializeIgnitionStub,
} from '../../src/userdata/index.js';
import { DeterministicTestEncryptor } from '../../src/userdata/testing.js';
import { fakePem } from './helpers.js';

/** The official validator built by tools/ignition-validate/install.sh. */
function ignitionValidate(): string {
  const cache = process.env['KUBE_AWS_CACHE'] ?? join(homedir(), '.cache', 'kube-aws');
  const bin = join(cache, 'bin', 'ignition-validate');
  if (!existsSync(bin)) assert.fail(`ignition-validate not found at ${bin}: run tools/ignition-validate/install.sh`);
  return bin;
}

const dir = mkdtempSync(join(tmpdir(), 'kube-aws-ign-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function accepts(name: string, json: string): void {
  const path = join(dir, name);
  writeFileSync(path, json);
  const r = spawnSync(ignitionValidate(), [path], { encoding: 'utf8' });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `ignition-validate rejected ${name}:\n${r.stdout}${r.stderr}`);
}

describe('official ignition-validate (coreos/ignition v2.24.0)', () => {
  for (const useCalico of [false, true]) {
    for (const role of ['controller', 'worker'] as const) {
      it(`accepts the ${role} source and finalized configs${useCalico ? ' (Calico)' : ''}`, async () => {
        const source = buildNodeIgnition(seedClusterConfig({ useCalico }), role);
        accepts(`${role}-${useCalico}.ign`, serializeIgnition(source));
        const assets = new Map(nodeAssetNames(role).map((n) => [n, fakePem(n)]));
        const finalized = serializeIgnition(await finalizeNodeIgnition(source, role, assets, new DeterministicTestEncryptor()));
        accepts(`${role}-${useCalico}-final.ign`, finalized);
      });
    }
  }

  it('accepts a worker whose sysext download is pinned by kubernetesSysextSha256', () => {
    const config = seedClusterConfig({ kubernetesSysextSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
    accepts('worker-pinned-sysext.ign', serializeIgnition(buildNodeIgnition(config, 'worker')));
  });

  it('accepts the stub with a concrete s3 URL', () => {
    const full = serializeIgnition(buildNodeIgnition(seedClusterConfig(), 'worker'));
    const stub = buildIgnitionStub({ source: 's3://kube-cluster-assets-123456789012/kube-cluster/userdata/worker.ign', sha512: ignitionSha512(full) });
    accepts('stub.ign', serializeIgnitionStub(stub));
  });

  it('rejects what it should (the binary really validates)', () => {
    const path = join(dir, 'bad.ign');
    writeFileSync(path, JSON.stringify({ ignition: { version: '3.4.0' }, storage: { files: [{ path: 'relative' }] } }));
    const r = spawnSync(ignitionValidate(), [path], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /path not absolute/);
  });
});
