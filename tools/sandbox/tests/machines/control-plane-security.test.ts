/**
 * The controller's security settings on a real control plane, booted the way the sandbox boots a
 * stack's controller: its config as `up` finalises it (assets encrypted with the sandbox's KMS key),
 * its own units on a machine (the decrypt unit, then kube-aws-encryption-config), and, when its
 * kubelet.service starts, etcd, kube-apiserver, kube-controller-manager and kube-scheduler with the
 * rendered flags. Then, from outside: a Secret is stored in etcd encrypted, the audit log records
 * the API calls without a Secret's data, and the aggregation layer's CA and names are published.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Machine } from '@kube-aws/machines';
import { AUDIT_LOG_PATH, ENCRYPTION_CONFIG_PATH, serializeIgnition } from '@kube-aws/render';
import type { IgnitionConfig } from '@kube-aws/render';
import { parse } from 'yaml';
import { ensureKubeBinaries } from '@kube-aws/machines/kube-install';
import type { KubeBinaries } from '@kube-aws/machines/kube-install';
import { SANDBOX_REGION } from '../../src/account.js';
import { startControlPlane } from '@kube-aws/machines';
import type { ControlPlane } from '@kube-aws/machines';
import { startSandbox } from '../../src/sandbox.js';
import type { Sandbox } from '../../src/sandbox.js';
import { writeAdminKubeconfig } from '@kube-aws/machines/testing';
import { etcdGet } from './helpers/etcd-read.js';
import { runKubectl } from '@kube-aws/machines/testing';
import type { KubectlResult } from '@kube-aws/machines/testing';
import { bootMachine, finalizedConfig } from './helpers/machine-boot.js';

const CLI = fileURLToPath(new URL('../../../../apps/cli/bin/kube-aws.mjs', import.meta.url));
const EXTERNAL_NAME = 'cpsec.example.com';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface AuditEvent {
  kind: string;
  level: string;
  verb: string;
  stage: string;
  user: { username: string };
  objectRef?: { resource?: string; namespace?: string; name?: string };
  requestObject?: unknown;
  responseObject?: unknown;
}

describe('the controller encrypts Secrets at rest, audits, and runs the aggregation layer', { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let dir: string;
  let clusterDir: string;
  let binaries: KubeBinaries;
  let config: IgnitionConfig;
  let root: string;
  let controlPlane: ControlPlane | undefined;
  let controlPlaneStart: Promise<ControlPlane> | undefined;
  let adminKubeconfig: string;
  const machines: Machine[] = [];
  const kubectl = (args: readonly string[]): Promise<KubectlResult> => runKubectl(binaries.kubectl, adminKubeconfig, args, 60_000);
  const logs = (): string => join(dir, 'controller', 'control-plane', 'logs');

  before(async () => {
    if (process.getuid?.() !== 0) throw new Error('sandbox machines need root (Linux namespaces and mounts): run the tests as root, as CI does');
    binaries = ensureKubeBinaries();
    sandbox = await startSandbox({ temporal: false, paceMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'cp-security-'));
    clusterDir = join(dir, 'cluster');
    mkdirSync(clusterDir);
    for (const args of [
      ['init', '--cluster-name=cpsec', `--external-dns-name=${EXTERNAL_NAME}`, `--region=${SANDBOX_REGION}`, '--availability-zone=us-west-1c', '--key-name=k', `--kms-key-arn=${sandbox.kmsKeyArn}`],
      ['render'],
    ]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: clusterDir, encoding: 'utf8' });
      assert.equal(r.status, 0, `kube-aws ${args[0]}: ${r.stdout}${r.stderr}`);
    }
    config = await finalizedConfig(sandbox, clusterDir, 'controller');
    root = join(dir, 'controller', 'root');
    const booted = await bootMachine({
      sandbox,
      dir,
      name: 'controller',
      config,
      kubectl: binaries.kubectl,
      apiServer: () => controlPlane?.apiServer,
      track: (m) => machines.push(m),
      // What the sandbox does when a controller's kubelet.service starts: run its static pods.
      onKubelet: () => {
        controlPlaneStart ??= startControlPlane({ instanceId: 'controller', root, workDir: join(dir, 'controller', 'control-plane'), binaries });
      },
    });
    assert.equal(booted.root, root);
    // Resolves with the running control plane (until awaits the start), or throws its error.
    controlPlane = await until("the controller's kubelet.service to start its static pods", () => controlPlaneStart, 300_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- console ---\n${booted.machine.consoleOutput()}`);
    });
    adminKubeconfig = writeAdminKubeconfig(join(dir, 'admin.kubeconfig'), { clusterDir, apiServer: controlPlane.apiServer, serverName: EXTERNAL_NAME });
  });

  after(async () => {
    await Promise.all(machines.map((m) => m.stop()));
    await (controlPlane ?? (await controlPlaneStart?.catch(() => undefined)))?.stop();
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the key travels only as KMS ciphertext; the controller\'s units build the EncryptionConfiguration from it (0600)', () => {
    const key = readFileSync(join(clusterDir, 'credentials/secrets-encryption-key.b64'), 'utf8').trim();
    const raw = Buffer.from(key, 'base64');
    const text = serializeIgnition(config);
    for (const form of [key, raw.toString('hex'), encodeURIComponent(key)]) assert.ok(!text.includes(form), 'the finalized controller config holds the key');
    assert.ok(config.storage?.files?.some((f) => f.path === '/etc/kubernetes/pki/secrets-encryption-key.b64.enc'));
    const console = machines[0]?.consoleOutput() ?? '';
    assert.match(console, /\[ {2}OK {2}\] Finished kube-aws-decrypt-assets\.service/);
    assert.match(console, /\[ {2}OK {2}\] Finished kube-aws-encryption-config\.service/);
    assert.ok(!console.includes(key), 'the console shows the key');
    const file = join(root, ENCRYPTION_CONFIG_PATH);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const parsed = parse(readFileSync(file, 'utf8')) as { resources: { providers: { secretbox?: { keys: { secret: string }[] } }[] }[] };
    assert.equal(parsed.resources[0]?.providers[0]?.secretbox?.keys[0]?.secret, key, 'built from the key KMS decrypted on the node');
  });

  test('a Secret created through the API is stored in etcd as k8s:enc:secretbox, with no plain text', async () => {
    const value = randomBytes(24).toString('hex');
    const created = await kubectl(['create', 'secret', 'generic', 'at-rest', '-n', 'default', `--from-literal=password=${value}`]);
    assert.equal(created.code, 0, created.stderr);
    const read = await kubectl(['get', 'secret', 'at-rest', '-n', 'default', '-o', 'jsonpath={.data.password}']);
    assert.equal(Buffer.from(read.stdout, 'base64').toString('utf8'), value, 'the API server decrypts it');

    const stored = await etcdGet({ port: (controlPlane as ControlPlane).ports.etcdClient, pkiDir: join(root, 'etc/kubernetes/pki') }, '/registry/secrets/default/at-rest');
    assert.ok(stored, 'etcd holds the Secret');
    assert.ok(stored.toString('latin1').startsWith('k8s:enc:secretbox:v1:kube-aws-1:'), `stored as ${JSON.stringify(stored.subarray(0, 40).toString('latin1'))}`);
    for (const form of [value, Buffer.from(value).toString('base64')]) assert.ok(!stored.includes(form), 'the value is in etcd in plain text');
    // A ConfigMap is not encrypted: the check above would see plain text if encryption were off.
    assert.equal((await kubectl(['create', 'configmap', 'in-clear', '-n', 'default', `--from-literal=v=${value}`])).code, 0);
    const configMap = await etcdGet({ port: (controlPlane as ControlPlane).ports.etcdClient, pkiDir: join(root, 'etc/kubernetes/pki') }, '/registry/configmaps/default/in-clear');
    assert.ok(configMap?.includes(value), 'etcd readable by this test');
  });

  test('the audit log under the controller\'s root records the API calls at Metadata and never a Secret\'s data', async () => {
    const value = randomBytes(24).toString('hex');
    assert.equal((await kubectl(['create', 'secret', 'generic', 'audited', '-n', 'default', `--from-literal=token=${value}`])).code, 0);
    assert.equal((await kubectl(['get', 'secret', 'audited', '-n', 'default', '-o', 'yaml'])).code, 0);
    const log = join(root, AUDIT_LOG_PATH);
    assert.equal(statSync(join(root, '/var/log/kubernetes/audit')).mode & 0o777, 0o700, 'the log directory is root-only, as Ignition makes it');
    const events = await until('the audit events of the Secret', () => {
      if (!existsSync(log)) return undefined;
      const all = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEvent);
      const mine = all.filter((e) => e.objectRef?.resource === 'secrets' && e.objectRef.name === 'audited');
      return mine.some((e) => e.verb === 'create') && mine.some((e) => e.verb === 'get') ? { all, mine } : undefined;
    }, 30_000);
    assert.ok(events.all.length > 10, `only ${events.all.length} events`);
    assert.ok(events.all.every((e) => e.kind === 'Event' && e.stage !== 'RequestReceived'));
    for (const e of events.mine) {
      assert.equal(e.level, 'Metadata');
      assert.equal(e.user.username, 'kube-admin');
      assert.equal(e.requestObject, undefined);
      assert.equal(e.responseObject, undefined);
    }
    const text = readFileSync(log, 'utf8');
    for (const form of [value, Buffer.from(value).toString('base64')]) assert.ok(!text.includes(form), 'a Secret\'s data is in the audit log');
  });

  test('extension-apiserver-authentication carries the front-proxy CA and name; the controller manager and scheduler log no requestheader errors', async () => {
    const cm = await kubectl(['get', 'configmap', 'extension-apiserver-authentication', '-n', 'kube-system', '-o', 'json']);
    assert.equal(cm.code, 0, cm.stderr);
    const data = (JSON.parse(cm.stdout) as { data: Record<string, string> }).data;
    assert.equal(data['requestheader-client-ca-file']?.trim(), readFileSync(join(clusterDir, 'credentials/front-proxy-ca.pem'), 'utf8').trim());
    assert.deepEqual(JSON.parse(data['requestheader-allowed-names'] ?? 'null'), ['front-proxy-client']);
    assert.deepEqual(JSON.parse(data['requestheader-username-headers'] ?? 'null'), ['X-Remote-User']);
    assert.deepEqual(JSON.parse(data['requestheader-group-headers'] ?? 'null'), ['X-Remote-Group']);
    assert.deepEqual(JSON.parse(data['requestheader-extra-headers-prefix'] ?? 'null'), ['X-Remote-Extra-']);

    // The scheduler reads that ConfigMap (the controller manager has both CAs as files). Without the
    // API server's flags it logged "missing content for CA bundle" within a second of starting to.
    const scheduler = join(logs(), 'kube-scheduler.log');
    const starting = /"Starting controller" name="client-ca::kube-system::extension-apiserver-authentication::requestheader-client-ca-file"/;
    await until('the scheduler to read the requestheader CA from the ConfigMap', () => (starting.test(readFileSync(scheduler, 'utf8')) ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 3000));
    for (const component of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      const text = readFileSync(join(logs(), `${component}.log`), 'utf8');
      assert.doesNotMatch(text, /missing content for CA bundle|requestheader-client-ca-file.*(?:error|failed)/i, component);
    }
  });
});
