/** certificateInfo, verifyIssuedBy, readCredentialSet and readRoleFiles on a real directory. */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  CertificateParseError,
  CredentialFileError,
  certificateInfo,
  readCredentialSet,
  readRoleFiles,
  verifyIssuedBy,
} from '../src/index.js';
import { copyOf, makePristine, openssl, readText, removeDir } from './helpers.js';

describe('inspection helpers', () => {
  let root = '';
  let dir = '';
  const roots: string[] = [];
  before(async () => ({ root, dir } = await makePristine()));
  after(async () => {
    await removeDir(root);
    await Promise.all(roots.map(removeDir));
  });

  it('certificateInfo reads subject, issuer, SANs, usages and the fingerprint openssl reports', async () => {
    const pem = await readText(dir, 'apiserver.pem');
    const info = certificateInfo(pem);
    assert.deepEqual(info.subject, { commonName: 'kube-apiserver' });
    assert.deepEqual(info.issuer, { commonName: 'kube-ca', organization: 'kube-aws' });
    assert.deepEqual(info.sans.ips, ['10.3.0.1', '10.0.0.50', '127.0.0.1']);
    assert.ok(info.sans.dns.includes('kube.isaack.io'));
    assert.deepEqual(info.extKeyUsage, ['serverAuth']);
    assert.deepEqual(info.keyUsage, ['digitalSignature', 'keyEncipherment']);
    assert.equal(info.isCa, false);
    assert.equal(info.signatureAlgorithm, 'sha256WithRSAEncryption');
    const fp = openssl(['x509', '-in', 'apiserver.pem', '-noout', '-fingerprint', '-sha256'], dir);
    assert.equal(fp.trim().split('=')[1], info.sha256Fingerprint);
    const enddate = openssl(['x509', '-in', 'apiserver.pem', '-noout', '-enddate'], dir).trim().split('=')[1] ?? '';
    assert.equal(info.notAfter.getTime(), new Date(enddate).getTime());
    assert.ok(certificateInfo(await readText(dir, 'ca.pem')).isCa);
  });

  it('verifyIssuedBy accepts the real issuer and refuses the other CA', async () => {
    const ca = await readText(dir, 'ca.pem');
    const etcdCa = await readText(dir, 'etcd-ca.pem');
    assert.equal(verifyIssuedBy(await readText(dir, 'admin.pem'), ca), true);
    assert.equal(verifyIssuedBy(await readText(dir, 'admin.pem'), etcdCa), false);
    assert.equal(verifyIssuedBy(await readText(dir, 'etcd-peer.pem'), etcdCa), true);
    assert.equal(verifyIssuedBy(await readText(dir, 'etcd-peer.pem'), ca), false);
    assert.throws(() => verifyIssuedBy('garbage', ca), CertificateParseError);
  });

  it('readCredentialSet returns every PEM, typed by credential', async () => {
    const set = await readCredentialSet(dir);
    assert.equal(set.ca.certificatePem, await readText(dir, 'ca.pem'));
    assert.equal(set.admin.privateKeyPem, await readText(dir, 'admin-key.pem'));
    assert.equal(set['service-account'].publicKeyPem, await readText(dir, 'service-account.pub'));
    assert.equal(set['front-proxy-client'].certificatePem, await readText(dir, 'front-proxy-client.pem'));
    assert.equal(set['secrets-encryption'].keyBase64, (await readText(dir, 'secrets-encryption-key.b64')).trim());
    assert.equal(Buffer.from(set['secrets-encryption'].keyBase64, 'base64').length, 32);
    assert.equal(Object.keys(set).length, 15);
  });

  it('readCredentialSet names a missing or wrong file without quoting any key', async () => {
    const copy = await copyOf(dir);
    roots.push(copy.root);
    await rm(join(copy.dir, 'scheduler.pem'));
    await assert.rejects(readCredentialSet(copy.dir), (err: unknown) => {
      assert.ok(err instanceof CredentialFileError);
      assert.equal(err.problem, 'missing');
      assert.match(err.message, /scheduler\.pem: missing/);
      return true;
    });
    // Restore it; then put a private key where the public one belongs.
    await writeFile(join(copy.dir, 'scheduler.pem'), await readText(dir, 'scheduler.pem'));
    await writeFile(join(copy.dir, 'service-account.pub'), await readText(copy.dir, 'service-account-key.pem'));
    await assert.rejects(readCredentialSet(copy.dir), (err: unknown) => {
      assert.ok(err instanceof CredentialFileError);
      assert.match(err.message, /service-account\.pub: is not a PEM public key/);
      assert.doesNotMatch(err.message, /PRIVATE KEY|MII/);
      return true;
    });
  });

  it('readRoleFiles gives a worker exactly ca.pem and its bootstrap pair', async () => {
    const files = await readRoleFiles(dir, 'worker');
    assert.deepEqual(Object.keys(files), ['ca.pem', 'worker.pem', 'worker-key.pem']);
    assert.equal(files['worker-key.pem'], await readText(dir, 'worker-key.pem'));
    const controller = await readRoleFiles(dir, 'controller');
    assert.ok('ca-key.pem' in controller && !('etcd-ca-key.pem' in controller) && !('admin.pem' in controller));
    assert.equal(controller['secrets-encryption-key.b64'], await readText(dir, 'secrets-encryption-key.b64'));
    assert.ok(!('front-proxy-ca-key.pem' in controller));
  });

  it('readRoleFiles refuses a secrets-encryption key that is not 32 bytes of base64, without quoting it', async () => {
    const copy = await copyOf(dir);
    roots.push(copy.root);
    const short = Buffer.alloc(16, 7).toString('base64');
    await writeFile(join(copy.dir, 'secrets-encryption-key.b64'), `${short}\n`);
    await assert.rejects(readRoleFiles(copy.dir, 'controller'), (err: unknown) => {
      assert.ok(err instanceof CredentialFileError);
      assert.match(err.message, /secrets-encryption-key\.b64: is a 16-byte key where 32 bytes are needed\. Restore it from a backup\./);
      assert.ok(!err.message.includes(short));
      return true;
    });
  });
});
