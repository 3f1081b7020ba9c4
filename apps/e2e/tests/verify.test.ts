/**
 * `verify` against real Kubernetes: the sandbox boots every instance of each stack by running its
 * own units (the node-env and decrypt scripts, the addons on the controller) in a machine of its
 * own, then plays the kubelet with the node's own bootstrap credential and the controller's static
 * pods with the rendered flags. The seed's last step — kubectl get
 * nodes — is run as npm start prints it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describeRun, startHarness } from './helpers/harness.js';
import type { Harness } from './helpers/harness.js';
import { SANDBOX_KMS_ALIAS } from '@kube-aws/sandbox';
import { seedCluster } from './helpers/seed-cluster.js';

const LONG = { timeout: 900_000 };
const CONTROLLER = 'ip-10-0-0-50.us-west-1.compute.internal';

/** What the sandbox's machines say, for a failure message: their state and the end of their log. */
async function machinesReport(h: Harness): Promise<string> {
  const log = join(h.sandbox.stateDir, 'logs', 'machines.log');
  const tail = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-40).join('\n') : '(no machines log)';
  const moto = join(h.sandbox.stateDir, 'logs', 'moto.log');
  const motoErrors = existsSync(moto)
    ? readFileSync(moto, 'utf8')
        .split('\n')
        .filter((l) => /Error|Exception/.test(l) && !/^\s+File /.test(l))
        .slice(-10)
        .join('\n')
    : '';
  return `--- machines ---\n${JSON.stringify(await h.sandbox.machines(), null, 1)}\n--- machines.log ---\n${tail}\n--- moto errors ---\n${motoErrors}`;
}

/** `kubectl get nodes` rows as name → STATUS. */
function nodeStatuses(table: string): Map<string, string> {
  const rows = table.trim().split('\n').slice(1);
  return new Map(rows.map((r) => r.trim().split(/\s+/)).map((cols) => [cols[0] ?? '', cols[1] ?? '']));
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** A client certificate for the key in `keyFile`, signed by a CA made on the spot (not the cluster's). */
function signWithForeignCa(dir: string, keyFile: string, subject: string, out: string): void {
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'foreign-ca-key.pem', '-out', 'foreign-ca.pem', '-days', '1', '-subj', '/CN=not-the-cluster-ca');
  ssl('req', '-new', '-key', keyFile, '-subj', subject, '-out', 'foreign.csr');
  ssl('x509', '-req', '-in', 'foreign.csr', '-CA', 'foreign-ca.pem', '-CAkey', 'foreign-ca-key.pem', '-set_serial', '7', '-days', '1', '-out', out);
}

/** Rewrites one file of an editable node config (userdata/<role>.ign), keeping its encoding. */
function editIgnitionFile(ignFile: string, path: string, edit: (text: string) => string): void {
  const config = JSON.parse(readFileSync(ignFile, 'utf8')) as { storage: { files: { path: string; contents: { source: string; compression?: string } }[] } };
  const file = config.storage.files.find((f) => f.path === path);
  assert.ok(file, `${ignFile} has ${path}`);
  const source = file.contents.source;
  const gzip = file.contents.compression === 'gzip';
  const payload = source.slice(source.indexOf(',') + 1);
  const text = gzip ? gunzipSync(Buffer.from(payload, 'base64')).toString('utf8') : decodeURIComponent(payload);
  const edited = edit(text);
  assert.notEqual(edited, text, `the edit changed ${path}`);
  file.contents.source = gzip ? `data:;base64,${gzipSync(Buffer.from(edited, 'utf8')).toString('base64')}` : `data:,${encodeURIComponent(edited)}`;
  writeFileSync(ignFile, `${JSON.stringify(config, null, 2)}\n`);
}

describe('verify on the sandbox’s real control plane', () => {
  let h: Harness;
  let dir: string;
  const kubectl = (kubeconfig: string, ...args: string[]) =>
    spawnSync(h.sandbox.kube?.kubectl ?? 'kubectl', [`--kubeconfig=${kubeconfig}`, ...args], { encoding: 'utf8', timeout: 60_000 });

  before(async () => {
    h = await startHarness({ paceMs: 100, machines: true });
    dir = await seedCluster(h, { name: 'kube-cluster' });
  }, LONG);
  after(async () => h?.stop(), LONG);

  test('the seed’s cluster comes up: verify sees two workers Ready and the controller Ready,SchedulingDisabled', LONG, async () => {
    const up = await h.kubeAws(['up'], dir);
    assert.equal(up.code, 0, describeRun(up));
    const verify = await h.kubeAws(['verify'], dir);
    assert.equal(verify.code, 0, `${describeRun(verify)}\n${await machinesReport(h)}`);
    const out = verify.stdout;
    assert.match(out, /NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/, describeRun(verify));
    assert.match(out, new RegExp(`${CONTROLLER.replace(/\./g, '\\.')}\\s+Ready,SchedulingDisabled\\s+control-plane\\s+\\S+\\s+v1\\.36\\.3`), describeRun(verify));
    assert.equal(out.match(/ip-10-0-0-\d+\.us-west-1\.compute\.internal\s+Ready\s/g)?.length, 2, describeRun(verify));

    // The seed's last step, as npm start prints it: the cluster's own credentials, TLS verified.
    const kubeconfig = h.sandbox.sandboxKubeconfig(dir);
    assert.ok(kubeconfig, 'the sandbox wrote kubeconfig.sandbox');
    const config = readFileSync(kubeconfig, 'utf8');
    assert.match(config, /tls-server-name: kube-cluster\.isaack\.io/);
    assert.doesNotMatch(config, /insecure-skip-tls-verify/);
    const nodes = kubectl(kubeconfig, 'get', 'nodes');
    assert.equal(nodes.status, 0, nodes.stderr);
    const statuses = nodeStatuses(nodes.stdout);
    assert.equal(statuses.size, 3, nodes.stdout);
    assert.equal(statuses.get(CONTROLLER), 'Ready,SchedulingDisabled', nodes.stdout);
    assert.deepEqual([...statuses.values()].filter((s) => s === 'Ready').length, 2, nodes.stdout);

    const pods = kubectl(kubeconfig, 'get', 'pods', '-n', 'kube-system', '--no-headers');
    assert.equal(pods.status, 0, pods.stderr);
    const notRunning = pods.stdout.trim().split('\n').filter((l) => !/\sRunning\s/.test(l));
    assert.deepEqual(notRunning, [], pods.stdout);
    for (const name of ['coredns', 'kube-proxy', 'kube-flannel', 'aws-cloud-controller-manager', `kube-apiserver-${CONTROLLER}`, `etcd-${CONTROLLER}`]) {
      assert.match(pods.stdout, new RegExp(`^${name}`, 'm'), `${name} runs\n${pods.stdout}`);
    }
  });

  test('a node that stops reporting makes verify wait; when it reports again, verify finishes', LONG, async () => {
    const kubeconfig = h.sandbox.sandboxKubeconfig(dir) as string;
    const worker = [...nodeStatuses(kubectl(kubeconfig, 'get', 'nodes').stdout).keys()].find((n) => n !== CONTROLLER) as string;
    await h.sandbox.pauseNode(worker);
    // The node controller marks it NotReady once its grace period passes without a heartbeat.
    await until(`${worker} NotReady`, () => (nodeStatuses(kubectl(kubeconfig, 'get', 'nodes').stdout).get(worker)?.startsWith('NotReady') ? true : undefined)).catch(
      async (err: unknown) => assert.fail(`${String(err)}\n${await machinesReport(h)}`),
    );
    const run = h.spawnKubeAws(['verify'], dir);
    // Progress goes to stderr, as all of the CLI's progress does.
    let progress = '';
    run.child.stderr?.on('data', (d: Buffer) => (progress += d.toString()));
    await until('verify to report 2/3 nodes Ready', () => (/nodes 2\/3 Ready/.test(progress) ? true : undefined), 120_000);
    assert.equal(run.child.exitCode, null, `verify is still waiting\n${progress}`);
    assert.match(progress, new RegExp(`${worker.replace(/\./g, '\\.')}.*NotReady`), 'says which node it waits for');
    await h.sandbox.pauseNode(worker, false);
    const done = await run.done;
    assert.equal(done.code, 0, describeRun(done));
    assert.match(done.stdout, new RegExp(`${worker.replace(/\./g, '\\.')}\\s+Ready\\s`));
  });

  test('a worker credential the API server does not trust fails verify at once, naming the file', LONG, async () => {
    const cert = join(dir, 'credentials', 'worker.pem');
    const saved = readFileSync(cert);
    try {
      signWithForeignCa(join(dir, 'credentials'), 'worker-key.pem', '/O=system:bootstrappers/CN=kubelet-bootstrap', 'worker.pem');
      const r = await h.kubeAws(['verify'], dir);
      assert.equal(r.code, 2, describeRun(r));
      assert.match(r.stderr, /credentials\/worker\.pem/, describeRun(r));
      assert.match(r.stderr, /401|[Uu]nauthori[sz]ed|not signed|rejected/, describeRun(r));
      assert.doesNotMatch(r.stdout + r.stderr, /BEGIN (RSA |EC )?PRIVATE KEY/);
    } finally {
      writeFileSync(cert, saved);
    }
  });

  test('a second cluster in the same sandbox gets its own control plane and nodes', LONG, async () => {
    const second = await seedCluster(h, { name: 'second' });
    const up = await h.kubeAws(['up'], second);
    assert.equal(up.code, 0, describeRun(up));
    const verify = await h.kubeAws(['verify'], second, { timeoutMs: 240_000 });
    assert.equal(verify.code, 0, `${describeRun(verify)}\n${await machinesReport(h)}`);
    const clusters = await h.sandbox.machines();
    const servers = clusters.filter((c) => c.state === 'running').map((c) => c.apiServer);
    assert.equal(new Set(servers).size, 2, JSON.stringify(clusters, null, 1));
    const theirs = kubectl(h.sandbox.sandboxKubeconfig(second) as string, 'get', 'nodes');
    assert.equal(nodeStatuses(theirs.stdout).size, 3, theirs.stdout);
    // The first cluster's credentials are not valid on the second's API server.
    const crossed = join(second, 'kubeconfig.crossed');
    copyFileSync(h.sandbox.sandboxKubeconfig(dir) as string, crossed);
    const firstServer = /server: (\S+)/.exec(readFileSync(crossed, 'utf8'))?.[1] ?? '';
    const secondServer = /server: (\S+)/.exec(readFileSync(h.sandbox.sandboxKubeconfig(second) as string, 'utf8'))?.[1] ?? '';
    assert.notEqual(firstServer, secondServer);
  });

  test('a cluster configured with a KMS alias ARN boots: up resolves it, the nodes decrypt with the key it names', LONG, async () => {
    const aliasArn = h.sandbox.kmsKeyArn.replace(/:key\/.*$/, `:${SANDBOX_KMS_ALIAS}`);
    const aliased = await seedCluster(h, { name: 'aliased', kmsKeyArn: aliasArn, edits: { workerCount: 1 } });
    const validate = await h.kubeAws(['validate'], aliased);
    assert.equal(validate.code, 0, describeRun(validate));
    assert.match(validate.stdout + validate.stderr, new RegExp(`${SANDBOX_KMS_ALIAS}.*resolves to .*${h.sandbox.kmsKeyArn.split('/').pop()}`), describeRun(validate));
    const up = await h.kubeAws(['up'], aliased);
    assert.equal(up.code, 0, describeRun(up));
    const verify = await h.kubeAws(['verify'], aliased, { timeoutMs: 240_000 });
    assert.equal(verify.code, 0, `${describeRun(verify)}\n${await machinesReport(h)}`);
    assert.equal(verify.stdout.match(/ip-10-0-0-\d+\.us-west-1\.compute\.internal\s+Ready/g)?.length, 2, describeRun(verify));
    await h.kubeAws(['destroy'], aliased);
  });

  test('an addon manifest the API server rejects fails the controller\'s addons unit, naming the file and the field', LONG, async () => {
    const bad = await seedCluster(h, { name: 'badaddon' });
    editIgnitionFile(join(bad, 'userdata', 'controller.ign'), '/etc/kubernetes/addons/40-coredns.yaml', (yaml) => yaml.replace(/replicas: \d+/, 'replicas: -1'));
    const up = await h.kubeAws(['up'], bad);
    assert.equal(up.code, 0, describeRun(up));
    // kube-aws-addons.service runs the node's own script: kubectl's server-side dry-run refuses the file.
    const failed = await until('the controller\'s addons unit to fail', async () => {
      const c = (await h.sandbox.machines()).find((m) => m.stackName === 'badaddon');
      return c?.error?.includes('kube-aws-addons.service') ? c : undefined;
    });
    assert.match(failed.error ?? '', /40-coredns\.yaml/, JSON.stringify(failed));
    assert.match(failed.error ?? '', /spec\.replicas/, JSON.stringify(failed));
    const verify = await h.kubeAws(['verify', '--timeout', '20'], bad);
    assert.notEqual(verify.code, 0, describeRun(verify));
    assert.match(verify.stderr, /coredns|not ready|Ready/i, describeRun(verify));
    await h.kubeAws(['destroy'], bad);
  });

  test('a worker whose boot script calls a program Flatcar lacks never joins, and verify says which unit failed and why', LONG, async () => {
    const broken = await seedCluster(h, { name: 'nocli', edits: { workerCount: 1 } });
    // A classic: using the AWS CLI on the host. Flatcar has none, so the node-env unit fails.
    editIgnitionFile(join(broken, 'userdata', 'worker.ign'), '/opt/kube-aws/bin/kube-aws-node-env', (script) =>
      script.replace('ip="$(imds local-ipv4)"', 'ip="$(aws ec2 describe-instances --query Reservations[0].Instances[0].PrivateIpAddress --output text)"'),
    );
    const up = await h.kubeAws(['up'], broken);
    assert.equal(up.code, 0, describeRun(up));
    // The controller boots normally; verify's 60 s start once its API server answers, so a slow
    // machine (several clusters boot in this sandbox) cannot use them up before the worker is seen.
    await until('the nocli control plane', async () => ((await h.sandbox.machines()).find((m) => m.stackName === 'nocli')?.state === 'running' ? true : undefined), 300_000);
    const verify = await h.kubeAws(['verify', '--timeout', '60'], broken, { timeoutMs: 240_000 });
    assert.equal(verify.code, 3, `${describeRun(verify)}\n${await machinesReport(h)}`);
    assert.match(verify.stderr, /kube-aws-node-env\.service/, describeRun(verify));
    assert.match(verify.stderr, /aws: (command )?not found/, describeRun(verify));
    // The same, from AWS's side: what ec2:GetConsoleOutput shows for that instance.
    const machines = (await h.sandbox.machines()).find((m) => m.stackName === 'nocli');
    const worker = machines?.nodes.find((n) => n.role === 'worker');
    assert.ok(worker, JSON.stringify(machines));
    assert.match(worker.error ?? '', /kube-aws-node-env\.service failed/);
    await h.kubeAws(['destroy'], broken);
  });
});
