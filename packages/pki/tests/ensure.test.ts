/**
 * ensureCredentials: idempotence, targeted re-issue with reasons, CA protection, warnings, modes.
 * One directory is generated per file and copied for each test (key generation is the slow part).
 */
import assert from 'node:assert/strict';
import { readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';

import {
  CaMismatchError,
  CredentialFileError,
  IncompleteCaError,
  ensureCredentials,
  planCredentials,
  verifyIssuedBy,
  type CredentialsReport,
} from '../src/index.js';
import { copyOf, makePristine, readText, removeDir, snapshot, tempDir } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;
const config = seedClusterConfig();
const leafNames: string[] = planCredentials(config).filter((s) => s.kind === 'leaf').map((s) => s.name);

function actions(report: CredentialsReport): Record<string, string> {
  return Object.fromEntries(report.entries.map((e) => [e.name, e.action]));
}

async function assertNoTempFiles(dir: string): Promise<void> {
  const names = await readdir(dir);
  assert.deepEqual(names.filter((n) => n.endsWith('.tmp')), []);
}

describe('ensureCredentials', () => {
  let pristineRoot = '';
  let pristine = '';
  const roots: string[] = [];
  before(async () => ({ root: pristineRoot, dir: pristine } = await makePristine()));
  after(async () => {
    await removeDir(pristineRoot);
    await Promise.all(roots.map(removeDir));
  });
  const copy = async (): Promise<string> => {
    const c = await copyOf(pristine);
    roots.push(c.root);
    return c.dir;
  };

  it('creates everything from empty: dir 0700, .gitignore "*", keys 0600, certs 0644, no temp files', async () => {
    const root = await tempDir();
    roots.push(root);
    const dir = join(root, 'nested', 'credentials');
    const report = await ensureCredentials(dir, config);
    assert.ok(report.entries.every((e) => e.action === 'created'));
    assert.deepEqual(report.entries.map((e) => e.name), planCredentials(config).map((s) => s.name));
    assert.deepEqual(report.warnings, []);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.equal(await readText(dir, '.gitignore'), '*\n');
    for (const spec of planCredentials(config)) {
      for (const f of spec.files) {
        const mode = (await stat(join(dir, f.file))).mode & 0o777;
        assert.equal(mode, f.content === 'private-key' || f.content === 'secret-key' ? 0o600 : 0o644, f.file);
      }
    }
    await assertNoTempFiles(dir);
    const key = Buffer.from((await readText(dir, 'secrets-encryption-key.b64')).trim(), 'base64');
    assert.equal(key.length, 32, 'secrets-encryption key: 32 bytes of base64 on one line');
  });

  it('a second run keeps everything and changes no byte', async () => {
    const dir = await copy();
    const before = await snapshot(dir);
    const report = await ensureCredentials(dir, config);
    assert.ok(report.entries.every((e) => e.action === 'kept' && e.reason === undefined), JSON.stringify(actions(report)));
    assert.deepEqual(report.warnings, []);
    assert.deepEqual(await snapshot(dir), before);
  });

  it('a new externalDNSName re-issues only apiserver, naming the SAN, with the same key', async () => {
    const dir = await copy();
    const before = await snapshot(dir);
    const report = await ensureCredentials(dir, seedClusterConfig({ externalDNSName: 'api.example.com' }));
    const changed = report.entries.filter((e) => e.action !== 'kept');
    assert.deepEqual(changed.map((e) => e.name), ['apiserver']);
    assert.equal(changed[0]?.action, 'reissued');
    assert.equal(changed[0]?.reason, 'SANs changed: + api.example.com, - kube.isaack.io');
    const after = await snapshot(dir);
    assert.notEqual(after['apiserver.pem']?.bytes, before['apiserver.pem']?.bytes);
    assert.deepEqual(after['apiserver-key.pem'], before['apiserver-key.pem']);
    assert.deepEqual(after['ca.pem'], before['ca.pem']);
    assert.ok(verifyIssuedBy(await readText(dir, 'apiserver.pem'), await readText(dir, 'ca.pem')));
    // And the new state is stable.
    const again = await ensureCredentials(dir, seedClusterConfig({ externalDNSName: 'api.example.com' }));
    assert.ok(again.entries.every((e) => e.action === 'kept'));
    await assertNoTempFiles(dir);
  });

  it('a new tlsCertDurationDays re-issues every leaf (keys reused), never a CA', async () => {
    const dir = await copy();
    const before = await snapshot(dir);
    const report = await ensureCredentials(dir, seedClusterConfig({ tlsCertDurationDays: 90 }));
    for (const e of report.entries) {
      if (leafNames.includes(e.name)) {
        assert.equal(e.action, 'reissued', e.name);
        assert.equal(e.reason, 'duration changed 365 → 90 days', e.name);
      } else assert.equal(e.action, 'kept', e.name);
    }
    const after = await snapshot(dir);
    for (const name of ['ca.pem', 'ca-key.pem', 'etcd-ca.pem', 'etcd-ca-key.pem', ...leafNames.map((n) => `${n}-key.pem`)]) {
      assert.deepEqual(after[name], before[name], name);
    }
  });

  it('a new tlsCADurationDays keeps the CA and warns how to replace it', async () => {
    const dir = await copy();
    const before = await snapshot(dir);
    const report = await ensureCredentials(dir, seedClusterConfig({ tlsCADurationDays: 730 }));
    assert.ok(report.entries.every((e) => e.action === 'kept'));
    assert.ok(report.warnings.some((w) => w.startsWith('ca.pem is valid for 3650 days but tlsCADurationDays is 730') && w.includes('delete both ca.pem and ca-key.pem')));
    assert.deepEqual(await snapshot(dir), before);
  });

  it('a CA key that does not match its certificate throws and leaves the directory byte-for-byte unchanged', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'ca-key.pem'), await readText(dir, 'etcd-ca-key.pem'), { mode: 0o600 });
    const before = await snapshot(dir);
    await assert.rejects(ensureCredentials(dir, config), (err: unknown) => {
      assert.ok(err instanceof CaMismatchError);
      assert.equal(err.name, 'CaMismatchError');
      assert.equal(err.certFile, 'ca.pem');
      assert.match(err.message, /delete both files to make a new CA/);
      assert.doesNotMatch(err.message, /PRIVATE KEY|MII/);
      return true;
    });
    assert.deepEqual(await snapshot(dir), before);
  });

  it('half a CA throws IncompleteCaError and writes nothing', async () => {
    const dir = await copy();
    await rm(join(dir, 'etcd-ca-key.pem'));
    const before = await snapshot(dir);
    await assert.rejects(ensureCredentials(dir, config), (err: unknown) => {
      assert.ok(err instanceof IncompleteCaError);
      assert.equal(err.presentFile, 'etcd-ca.pem');
      assert.equal(err.missingFile, 'etcd-ca-key.pem');
      return true;
    });
    assert.deepEqual(await snapshot(dir), before);
  });

  it('a CA certificate that is not PEM throws CredentialFileError and writes nothing', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'ca.pem'), 'not a certificate\n');
    const before = await snapshot(dir);
    await assert.rejects(ensureCredentials(dir, config), CredentialFileError);
    assert.deepEqual(await snapshot(dir), before);
  });

  it('deleting both CA files makes a new CA and re-issues exactly what it signed', async () => {
    const dir = await copy();
    await rm(join(dir, 'ca.pem'));
    await rm(join(dir, 'ca-key.pem'));
    const report = await ensureCredentials(dir, config);
    const byCa = planCredentials(config).filter((s) => s.kind === 'leaf' && s.issuer === 'ca').map((s) => s.name);
    for (const e of report.entries) {
      if (e.name === 'ca') assert.equal(e.action, 'created');
      else if (byCa.includes(e.name)) {
        assert.equal(e.action, 'reissued', e.name);
        assert.equal(e.reason, 'issuer changed (not signed by the current ca.pem)');
      } else assert.equal(e.action, 'kept', e.name);
    }
  });

  it('warns about certificates expiring within 30 days, and re-issues expired ones', async () => {
    const dir = await copy();
    const apiserver = (await ensureCredentials(dir, config)).entries.find((e) => e.name === 'apiserver');
    const notAfter = apiserver?.notAfter?.getTime() ?? 0;

    const soon = await ensureCredentials(dir, config, { now: new Date(notAfter - 10 * DAY) });
    assert.ok(soon.entries.every((e) => e.action === 'kept'));
    assert.ok(soon.warnings.some((w) => /^apiserver\.pem expires on \d{4}-\d\d-\d\d \(in 10 days\)/.test(w)), soon.warnings.join('\n'));
    assert.ok(!soon.warnings.some((w) => w.startsWith('ca.pem')));

    const later = await ensureCredentials(dir, config, { now: new Date(notAfter + DAY) });
    const reissued = later.entries.filter((e) => e.action === 'reissued');
    assert.deepEqual(reissued.map((e) => e.name).sort(), [...leafNames].sort());
    assert.ok(reissued.every((e) => e.reason === 'expired'));
    assert.deepEqual(later.warnings, []);
  });

  it('warns when a CA is about to expire', async () => {
    const dir = await copy();
    const ca = (await ensureCredentials(dir, config)).entries.find((e) => e.name === 'ca');
    const report = await ensureCredentials(dir, config, { now: new Date((ca?.notAfter?.getTime() ?? 0) - 5 * DAY) });
    assert.ok(report.warnings.some((w) => w.startsWith('ca.pem expires on') && w.includes('delete both ca.pem and ca-key.pem')));
  });

  it('a leaf whose key was swapped is re-issued for the key on disk', async () => {
    const dir = await copy();
    const otherKey = await readText(dir, 'scheduler-key.pem');
    await writeFile(join(dir, 'admin-key.pem'), otherKey, { mode: 0o600 });
    const report = await ensureCredentials(dir, config);
    const admin = report.entries.find((e) => e.name === 'admin');
    assert.equal(admin?.action, 'reissued');
    assert.equal(admin?.reason, 'key does not match certificate');
    assert.equal(await readText(dir, 'admin-key.pem'), otherKey);
    assert.ok((await ensureCredentials(dir, config)).entries.every((e) => e.action === 'kept'));
  });

  it('a missing leaf key gets a new key; a missing .pub is re-derived from the kept private key', async () => {
    const dir = await copy();
    const saKey = await readText(dir, 'service-account-key.pem');
    await rm(join(dir, 'worker-key.pem'));
    await rm(join(dir, 'service-account.pub'));
    const report = await ensureCredentials(dir, config);
    assert.deepEqual(
      report.entries.filter((e) => e.action !== 'kept').map((e) => [e.name, e.action, e.reason]),
      [
        ['worker', 'reissued', 'worker-key.pem missing'],
        ['service-account', 'reissued', 'service-account.pub missing'],
      ],
    );
    assert.equal(await readText(dir, 'service-account-key.pem'), saKey);
    assert.match(await readText(dir, 'service-account.pub'), /^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('a kept key file readable by others is set back to 0600, with a warning', async () => {
    const dir = await copy();
    await chmod(join(dir, 'admin-key.pem'), 0o644);
    const report = await ensureCredentials(dir, config);
    assert.ok(report.entries.every((e) => e.action === 'kept'));
    assert.deepEqual(report.warnings, ['admin-key.pem was readable by other users; its mode is now 0600.']);
    assert.equal((await stat(join(dir, 'admin-key.pem'))).mode & 0o777, 0o600);
  });
  it('the secrets-encryption key is never replaced: a broken one throws, names the file, quotes nothing and writes nothing', async () => {
    const dir = await copy();
    const broken = `${Buffer.alloc(24, 1).toString('base64')}\n`;
    await writeFile(join(dir, 'secrets-encryption-key.b64'), broken, { mode: 0o600 });
    await rm(join(dir, 'scheduler.pem'));
    const before = await snapshot(dir);
    await assert.rejects(ensureCredentials(dir, config), (err: unknown) => {
      assert.ok(err instanceof CredentialFileError);
      assert.equal(err.problem, 'is a 24-byte key where 32 bytes are needed');
      assert.match(err.message, /secrets-encryption-key\.b64: .*restore it from a backup/);
      assert.ok(!err.message.includes(broken.trim()));
      return true;
    });
    assert.deepEqual(await snapshot(dir), before, 'not even the missing scheduler.pem was re-issued');
    await writeFile(join(dir, 'secrets-encryption-key.b64'), 'not base64!\n', { mode: 0o600 });
    await assert.rejects(ensureCredentials(dir, config), /is not one line of base64/);
  });

  it('a deleted secrets-encryption key is made anew (only that file), 0600', async () => {
    const dir = await copy();
    const old = await readText(dir, 'secrets-encryption-key.b64');
    await rm(join(dir, 'secrets-encryption-key.b64'));
    const report = await ensureCredentials(dir, config);
    assert.deepEqual(report.entries.filter((e) => e.action !== 'kept').map((e) => [e.name, e.action]), [['secrets-encryption', 'created']]);
    assert.notEqual(await readText(dir, 'secrets-encryption-key.b64'), old);
    assert.equal((await stat(join(dir, 'secrets-encryption-key.b64'))).mode & 0o777, 0o600);
  });

  it('a kept secrets-encryption key readable by others is set back to 0600, with a warning', async () => {
    const dir = await copy();
    await chmod(join(dir, 'secrets-encryption-key.b64'), 0o640);
    const report = await ensureCredentials(dir, config);
    assert.deepEqual(report.warnings, ['secrets-encryption-key.b64 was readable by other users; its mode is now 0600.']);
    assert.equal((await stat(join(dir, 'secrets-encryption-key.b64'))).mode & 0o777, 0o600);
  });
});
