/**
 * A credentials directory made from empty, checked with real OpenSSL: chains, SANs, EKUs,
 * subjects, keys, and that each certificate and its key belong together.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';

import { planCredentials, type LeafSpec } from '../src/index.js';
import { makePristine, openssl, removeDir } from './helpers.js';

// Built from parts so secret scanners do not take this fake PEM header for a committed key.
const PEM_DASHES = '-'.repeat(5);

const leaves = planCredentials(seedClusterConfig()).filter((s): s is LeafSpec => s.kind === 'leaf');

describe('credentials checked with openssl', () => {
  let root = '';
  let dir = '';
  before(async () => ({ root, dir } = await makePristine()));
  after(() => removeDir(root));

  it('every leaf verifies against its own CA, for its purpose, in strict mode', () => {
    for (const leaf of leaves) {
      const purpose = leaf.extKeyUsage.includes('serverAuth') ? 'sslserver' : 'sslclient';
      const out = openssl(['verify', '-x509_strict', '-purpose', purpose, '-CAfile', `${leaf.issuer}.pem`, `${leaf.name}.pem`], dir);
      assert.equal(out.trim(), `${leaf.name}.pem: OK`);
    }
  });

  it('no leaf verifies against a CA other than its own (cluster, etcd and front-proxy CAs are separate)', () => {
    for (const leaf of leaves) {
      for (const otherCa of ['ca', 'etcd-ca', 'front-proxy-ca'].filter((ca) => ca !== leaf.issuer)) {
        assert.throws(() => openssl(['verify', '-CAfile', `${otherCa}.pem`, `${leaf.name}.pem`], dir), `${leaf.name} vs ${otherCa}`);
      }
    }
  });

  it('the apiserver certificate carries every SAN and serverAuth only', () => {
    const text = openssl(['x509', '-in', 'apiserver.pem', '-noout', '-text'], dir);
    for (const dns of ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'kube.isaack.io']) {
      assert.match(text, new RegExp(`DNS:${dns.replace(/\./g, '\\.')}(,|\\n)`));
    }
    for (const ip of ['10.3.0.1', '10.0.0.50', '127.0.0.1']) assert.ok(text.includes(`IP Address:${ip}`), ip);
    assert.match(text, /Extended Key Usage: *\n *TLS Web Server Authentication\n/);
    assert.match(text, /Subject: CN ?= ?kube-apiserver\n/);
    assert.match(text, /Issuer: O ?= ?kube-aws, CN ?= ?kube-ca\n/);
    assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(text, /CA:FALSE/);
    assert.match(text, /Digital Signature, Key Encipherment/);
    assert.match(text, /Subject Key Identifier/);
    assert.match(text, /Authority Key Identifier/);
  });

  it('etcd certificates serve and dial, on the controller address and loopback', () => {
    for (const name of ['etcd-server', 'etcd-peer']) {
      const text = openssl(['x509', '-in', `${name}.pem`, '-noout', '-text'], dir);
      assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
      assert.match(text, /DNS:localhost, IP Address:10\.0\.0\.50, IP Address:127\.0\.0\.1/);
      assert.match(text, /Issuer: O ?= ?kube-aws, CN ?= ?kube-etcd-ca\n/);
    }
  });

  it('admin is in system:masters and worker is a bootstrapper, both client-only', () => {
    const admin = openssl(['x509', '-in', 'admin.pem', '-noout', '-text'], dir);
    assert.match(admin, /Subject: O ?= ?system:masters, CN ?= ?kube-admin\n/);
    assert.match(admin, /Extended Key Usage: *\n *TLS Web Client Authentication\n/);
    const worker = openssl(['x509', '-in', 'worker.pem', '-noout', '-text'], dir);
    assert.match(worker, /Subject: O ?= ?system:bootstrappers, CN ?= ?system:bootstrap:kube-aws-worker\n/);
    assert.match(worker, /Extended Key Usage: *\n *TLS Web Client Authentication\n/);
    assert.doesNotMatch(worker, /Subject Alternative Name/);
  });

  it('CAs are self-signed CA certificates that may sign certificates and CRLs', () => {
    for (const ca of ['ca', 'etcd-ca', 'front-proxy-ca']) {
      assert.equal(openssl(['verify', '-x509_strict', '-CAfile', `${ca}.pem`, `${ca}.pem`], dir).trim(), `${ca}.pem: OK`);
      const text = openssl(['x509', '-in', `${ca}.pem`, '-noout', '-text'], dir);
      assert.match(text, /Basic Constraints: critical\n *CA:TRUE/);
      assert.match(text, /Key Usage: critical\n *Digital Signature, Certificate Sign, CRL Sign/);
      assert.doesNotMatch(text, /Extended Key Usage/);
    }
  });

  it('serials are positive 128-bit numbers, all different', () => {
    const serials = ['ca', 'etcd-ca', ...leaves.map((l) => l.name)].map((n) =>
      openssl(['x509', '-in', `${n}.pem`, '-noout', '-serial'], dir).trim().replace('serial=', ''),
    );
    for (const s of serials) {
      assert.equal(s.length, 32, s);
      assert.ok(Number.parseInt(s.slice(0, 2), 16) < 0x80, `positive: ${s}`);
    }
    assert.equal(new Set(serials).size, serials.length);
  });

  it('every key is a valid 2048-bit PKCS#1 RSA key whose modulus is its certificate’s', () => {
    for (const name of ['ca', 'etcd-ca', ...leaves.map((l) => l.name)]) {
      assert.match(readFileSync(join(dir, `${name}-key.pem`), 'utf8'), new RegExp(`^${PEM_DASHES}BEGIN RSA PRIVATE KEY${PEM_DASHES}\n`), 'PKCS#1');
      const check = openssl(['rsa', '-in', `${name}-key.pem`, '-check', '-noout'], dir);
      assert.match(check, /RSA key ok/);
      assert.match(openssl(['pkey', '-in', `${name}-key.pem`, '-noout', '-text'], dir), /Private-Key: \(2048 bit/);
      const certModulus = openssl(['x509', '-in', `${name}.pem`, '-noout', '-modulus'], dir);
      const keyModulus = openssl(['rsa', '-in', `${name}-key.pem`, '-noout', '-modulus'], dir);
      assert.equal(certModulus, keyModulus, name);
    }
    const saCheck = openssl(['rsa', '-in', 'service-account-key.pem', '-check', '-noout'], dir);
    assert.match(saCheck, /RSA key ok/);
  });

  it('service-account.pub is the SPKI public half of service-account-key.pem', () => {
    const derived = openssl(['pkey', '-in', 'service-account-key.pem', '-pubout'], dir);
    const pub = openssl(['pkey', '-pubin', '-in', 'service-account.pub'], dir);
    assert.equal(pub, derived);
    assert.match(pub, /^-----BEGIN PUBLIC KEY-----/);
  });
});
