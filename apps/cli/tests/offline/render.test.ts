/**
 * `kube-aws render` end to end on the seed's cluster: the asset tree, key file modes, the
 * certificates checked with real OpenSSL (chains, SANs, groups), the kubeconfig loaded by the
 * Kubernetes JavaScript client, and re-renders that keep the CA, unchanged files and user edits.
 * One render per file (key generation is the slow part); tests that change it work on a copy.
 */
import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import type { RequestOptions } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { CLI_TIMEOUT_MS, SLOW_TIMEOUT_MS, describeRun, runCli } from '../helpers/cli.js';
import { copyDir, listFiles, removeDir, snapshotTree } from '../helpers/dirs.js';
import { openssl } from '../helpers/openssl.js';
import { renderSeedCluster } from '../helpers/seed.js';

const timeout = CLI_TIMEOUT_MS;

/**
 * From packages/pki/README.md: every certificate pair, the etcd ones signed by the separate etcd CA
 * and the front-proxy client by its own CA; the service-account pair; the secrets-encryption key.
 */
const CAS = ['ca', 'etcd-ca', 'front-proxy-ca'];
const CLUSTER_LEAVES = ['apiserver', 'apiserver-kubelet-client', 'controller-manager', 'scheduler', 'admin', 'worker'];
const ETCD_LEAVES = ['apiserver-etcd-client', 'etcd-server', 'etcd-peer'];
const FRONT_PROXY_LEAVES = ['front-proxy-client'];
const CREDENTIAL_FILES = [
  '.gitignore',
  ...[...CAS, ...CLUSTER_LEAVES, ...ETCD_LEAVES, ...FRONT_PROXY_LEAVES].flatMap((n) => [`${n}.pem`, `${n}-key.pem`]),
  'secrets-encryption-key.b64',
  'service-account-key.pem',
  'service-account.pub',
].sort();

describe('kube-aws render (seed cluster)', () => {
  let dir = '';
  const copies: string[] = [];
  const copy = async (): Promise<string> => {
    const c = await copyDir(dir);
    copies.push(c);
    return c;
  };
  before(async () => {
    dir = await renderSeedCluster('kube-aws-cli-render-');
  }, { timeout: SLOW_TIMEOUT_MS });
  after(() => Promise.all([dir, ...copies].map((d) => removeDir(d))));

  it('writes the tree: credentials, kubeconfig, stack-template.json, userdata/controller.ign and worker.ign', { timeout }, async () => {
    const files = await listFiles(dir);
    for (const f of ['cluster.yaml', 'kubeconfig', 'stack-template.json', 'userdata/controller.ign', 'userdata/worker.ign']) {
      assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
    }
    assert.deepEqual((await readdir(join(dir, 'credentials'))).sort(), CREDENTIAL_FILES);
    const template = JSON.parse(await readFile(join(dir, 'stack-template.json'), 'utf8')) as { Resources?: Record<string, unknown> };
    assert.ok(Object.keys(template.Resources ?? {}).length > 0, 'stack-template.json has no Resources');
    for (const f of ['userdata/controller.ign', 'userdata/worker.ign']) {
      const ignition = JSON.parse(await readFile(join(dir, f), 'utf8')) as { ignition?: { version?: string } };
      assert.match(ignition.ignition?.version ?? '', /^3\.\d+\.\d+$/, `${f} is not an Ignition 3 config`);
    }
  });

  it('keeps every private key (and the kubeconfig that points at one) readable by the owner only', { timeout }, async () => {
    const keys = (await readdir(join(dir, 'credentials'))).filter((f) => f.endsWith('-key.pem'));
    assert.equal(keys.length, CAS.length + CLUSTER_LEAVES.length + ETCD_LEAVES.length + FRONT_PROXY_LEAVES.length + 1);
    for (const key of keys) {
      const mode = (await stat(join(dir, 'credentials', key))).mode & 0o777;
      assert.equal(mode.toString(8), '600', `credentials/${key}`);
      assert.match(await readFile(join(dir, 'credentials', key), 'utf8'), /^-----BEGIN (RSA )?PRIVATE KEY-----/);
    }
    const secretsKey = join(dir, 'credentials/secrets-encryption-key.b64');
    assert.equal(((await stat(secretsKey)).mode & 0o777).toString(8), '600', 'credentials/secrets-encryption-key.b64');
    assert.equal(Buffer.from((await readFile(secretsKey, 'utf8')).trim(), 'base64').length, 32);
    assert.equal(((await stat(join(dir, 'credentials'))).mode & 0o777).toString(8), '700', 'credentials/');
    assert.equal(((await stat(join(dir, 'kubeconfig'))).mode & 0o777).toString(8), '600', 'kubeconfig');
  });

  it('every cluster leaf verifies against credentials/ca.pem, every etcd leaf against etcd-ca.pem only, the front-proxy client against its CA only', { timeout }, () => {
    const creds = join(dir, 'credentials');
    for (const leaf of CLUSTER_LEAVES) {
      assert.equal(openssl(['verify', '-x509_strict', '-CAfile', 'ca.pem', `${leaf}.pem`], creds).trim(), `${leaf}.pem: OK`);
      assert.throws(() => openssl(['verify', '-CAfile', 'etcd-ca.pem', `${leaf}.pem`], creds), `${leaf} verified by the etcd CA`);
    }
    for (const leaf of ETCD_LEAVES) {
      assert.equal(openssl(['verify', '-x509_strict', '-CAfile', 'etcd-ca.pem', `${leaf}.pem`], creds).trim(), `${leaf}.pem: OK`);
      // A separate CA means no cluster client certificate is accepted by etcd, and the reverse.
      assert.throws(() => openssl(['verify', '-CAfile', 'ca.pem', `${leaf}.pem`], creds), `${leaf} verified by the cluster CA`);
    }
    for (const leaf of FRONT_PROXY_LEAVES) {
      assert.equal(openssl(['verify', '-x509_strict', '-CAfile', 'front-proxy-ca.pem', `${leaf}.pem`], creds).trim(), `${leaf}.pem: OK`);
      assert.throws(() => openssl(['verify', '-CAfile', 'ca.pem', `${leaf}.pem`], creds), `${leaf} verified by the cluster CA`);
    }
    for (const ca of CAS) assert.equal(openssl(['verify', '-x509_strict', '-CAfile', `${ca}.pem`, `${ca}.pem`], creds).trim(), `${ca}.pem: OK`);
  });

  it('the apiserver certificate names the in-cluster names, kube.isaack.io, 10.3.0.1 and 10.0.0.50', { timeout }, () => {
    const text = openssl(['x509', '-in', 'apiserver.pem', '-noout', '-text'], join(dir, 'credentials'));
    const sanLine = /X509v3 Subject Alternative Name:.*\n\s*(.+)\n/.exec(text)?.[1] ?? '';
    const sans = sanLine.split(',').map((s) => s.trim());
    for (const dns of ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'kube.isaack.io']) {
      assert.ok(sans.includes(`DNS:${dns}`), `DNS:${dns} not in ${sanLine}`);
    }
    for (const ip of ['10.3.0.1', '10.0.0.50']) assert.ok(sans.includes(`IP Address:${ip}`), `IP ${ip} not in ${sanLine}`);
    assert.match(text, /TLS Web Server Authentication/);
  });

  it('admin is in system:masters and the worker bootstrap credential in system:bootstrappers', { timeout }, () => {
    const subject = (name: string): string[] =>
      openssl(['x509', '-in', `${name}.pem`, '-noout', '-subject', '-nameopt', 'RFC2253'], join(dir, 'credentials'))
        .trim()
        .replace(/^subject=/, '')
        .split(',');
    assert.ok(subject('admin').includes('O=system:masters'), subject('admin').join(','));
    const worker = subject('worker');
    assert.ok(worker.includes('O=system:bootstrappers'), worker.join(','));
    assert.ok(worker.some((rdn) => rdn.startsWith('CN=system:bootstrap:')), worker.join(','));
  });

  it('the kubeconfig loads with @kubernetes/client-node: https://kube.isaack.io, the cluster CA, the admin pair', { timeout }, async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(join(dir, 'kubeconfig'));
    assert.ok(kc.getCurrentContext(), 'no current context');
    const cluster = kc.getCurrentCluster();
    const user = kc.getCurrentUser();
    assert.ok(cluster && user, 'current context names no cluster or no user');
    assert.equal(cluster.server, 'https://kube.isaack.io');
    assert.equal(cluster.skipTLSVerify, false);
    for (const [what, file, data] of [
      ['CA', cluster.caFile, cluster.caData],
      ['client certificate', user.certFile, user.certData],
      ['client key', user.keyFile, user.keyData],
    ] as const) {
      assert.ok(data || (file && existsSync(file)), `${what}: no inline data and ${file ?? 'no path'} does not exist`);
    }

    // What the client would present on a connection: the cluster CA and the admin's own pair.
    const https: RequestOptions = {};
    await kc.applyToHTTPSOptions(https);
    const ca = await readFile(join(dir, 'credentials/ca.pem'));
    const admin = await readFile(join(dir, 'credentials/admin.pem'));
    assert.deepEqual(Buffer.from(https.ca as Buffer), ca);
    assert.deepEqual(Buffer.from(https.cert as Buffer), admin);
    const certKey = new X509Certificate(admin).publicKey.export({ type: 'spki', format: 'pem' });
    const ownKey = createPublicKey(Buffer.from(https.key as Buffer)).export({ type: 'spki', format: 'pem' });
    assert.equal(ownKey, certKey, 'the kubeconfig key does not belong to its certificate');
    assert.ok(new X509Certificate(admin).checkIssued(new X509Certificate(ca)), 'admin.pem not issued by ca.pem');
  });

  it('a second render keeps the CA and every file byte-for-byte and reports kept/unchanged', { timeout }, async () => {
    const again = await copy();
    const before = await snapshotTree(again);
    const result = await runCli(['render'], { cwd: again });
    assert.equal(result.code, 0, describeRun(['render'], result));
    assert.deepEqual(await snapshotTree(again), before);
    assert.match(result.stderr, /^kept\s+credentials\/ca$/m);
    assert.match(result.stderr, /^kept\s+credentials\/etcd-ca$/m);
    for (const f of ['kubeconfig', 'stack-template.json', 'userdata/controller.ign', 'userdata/worker.ign']) {
      assert.match(result.stderr, new RegExp(`^unchanged\\s+${f.replace(/\./g, '\\.')}$`, 'm'), f);
    }
    assert.doesNotMatch(result.stderr, /^(created|reissued|wrote|updated)\s/m);
    assert.match(result.stdout, /^Success! Stack rendered to stack-template\.json\.$/m);
  });

  it('an edited userdata/worker.ign survives a re-render, and render says it kept it', { timeout }, async () => {
    const edited = await copy();
    const path = join(edited, 'userdata/worker.ign');
    const ignition = JSON.parse(await readFile(path, 'utf8')) as { storage?: { files?: unknown[] } };
    // A real edit a user might make: one more file on every worker.
    ignition.storage = { ...ignition.storage, files: [...(ignition.storage?.files ?? []), { path: '/etc/motd.d/kube-aws-test', mode: 420, contents: { source: 'data:,edited%0A' } }] };
    const text = `${JSON.stringify(ignition, null, 2)}\n`;
    await writeFile(path, text);

    const result = await runCli(['render'], { cwd: edited });
    assert.equal(result.code, 0, describeRun(['render'], result));
    assert.equal(await readFile(path, 'utf8'), text);
    assert.match(result.stderr, /^kept\s+userdata\/worker\.ign \(edited since the last render/m);
    assert.match(result.stderr, /^Warning: kept userdata\/worker\.ign/m);
    assert.match(result.stderr, /^unchanged\s+userdata\/controller\.ign$/m);

    // The edit is still a valid node config.
    const validate = await runCli(['validate', '--offline'], { cwd: edited });
    assert.equal(validate.code, 0, describeRun(['validate', '--offline'], validate));
  });

  it('an invalid cluster.yaml in a rendered directory: exit 2, and not a byte of the assets changes', { timeout }, async () => {
    const broken = await copy();
    const yaml = await readFile(join(broken, 'cluster.yaml'), 'utf8');
    await writeFile(join(broken, 'cluster.yaml'), yaml.replace(/^availabilityZone: us-west-1c$/m, 'availabilityZone: us-east-1a'));
    const before = await snapshotTree(broken);
    const result = await runCli(['render'], { cwd: broken });
    assert.equal(result.code, 2, describeRun(['render'], result));
    assert.match(result.stderr, /cluster\.yaml:\d+:\d+: availabilityZone: availabilityZone us-east-1a is not in region us-west-1/);
    assert.deepEqual(await snapshotTree(broken), before);
  });

  it(
    'ca.pem without ca-key.pem: exit 2 (restore the key or delete both), nothing written',
    { timeout },
    async () => {
      const incomplete = await copy();
      await rm(join(incomplete, 'credentials/ca-key.pem'));
      const before = await snapshotTree(incomplete);
      const result = await runCli(['render'], { cwd: incomplete });
      assert.match(result.stderr, /ca\.pem exists but .*ca-key\.pem does not/);
      assert.deepEqual(await snapshotTree(incomplete), before);
      assert.equal(result.code, 2, describeRun(['render'], result));
    },
  );
});
