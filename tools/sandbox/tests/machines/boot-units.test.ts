/**
 * A worker machine boots by running its own units against the emulator: the worker Ignition config
 * as `up` finalises it (TLS assets encrypted with the sandbox's KMS key), an EC2 instance with the
 * worker's instance profile, the machine's IMDS handing out that role's credentials, and the
 * rendered decrypt script run by systemd's stand-in through the ctr stand-in and the AWS CLI.
 * With the decrypt command as it stood before the fix (`kms` first, so ctr execs `kms`), the unit
 * fails as on a node, the kubelet's start fails with it, and the console says why.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CreateInstanceProfileCommand, AddRoleToInstanceProfileCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { Machine, imageTable, instanceFacts, roleCredentials } from '@kube-aws/machines';
import { finalizeNodeIgnition, nodeAssetNames } from '@kube-aws/render';
import type { IgnitionConfig } from '@kube-aws/render';
import { ensurePythonTools } from '../../install.mjs';
import { SANDBOX_CREDENTIALS, SANDBOX_REGION } from '../../src/account.js';
import { machineAwsClients } from '../../src/machines/aws-clients.js';
import { writeIgnition } from '../../src/machines/node-image.js';
import { startSandbox } from '../../src/sandbox.js';
import type { Sandbox } from '../../src/sandbox.js';

const CLI = fileURLToPath(new URL('../../../../apps/cli/bin/kube-aws.mjs', import.meta.url));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a worker machine boots through its own units', { timeout: 300_000 }, () => {
  let sandbox: Sandbox;
  let dir: string;
  let clusterDir: string;
  const machines: Machine[] = [];

  before(async () => {
    if (process.getuid?.() !== 0) throw new Error('sandbox machines need root (Linux namespaces and mounts): run the tests as root, as CI does');
    sandbox = await startSandbox({ temporal: false, paceMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'boot-units-'));
    clusterDir = join(dir, 'cluster');
    mkdirSync(clusterDir);
    for (const args of [
      ['init', '--cluster-name=bootunits', '--external-dns-name=bootunits.example.com', `--region=${SANDBOX_REGION}`, '--availability-zone=us-west-1c', '--key-name=k', `--kms-key-arn=${sandbox.kmsKeyArn}`],
      ['render'],
    ]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: clusterDir, encoding: 'utf8' });
      assert.equal(r.status, 0, `kube-aws ${args[0]}: ${r.stdout}${r.stderr}`);
    }
  });
  after(async () => {
    await Promise.all(machines.map((m) => m.stop()));
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A worker instance with its own role, and a machine booting `config` for it. */
  async function bootWorker(name: string, config: IgnitionConfig, kubelet: (argv: readonly string[]) => void): Promise<Machine> {
    const base = { endpoint: sandbox.motoUrl, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS };
    const iam = new IAMClient(base);
    const aws = machineAwsClients(sandbox.motoUrl, SANDBOX_REGION);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const role = await iam.send(new CreateRoleCommand({ RoleName: `${name}-role`, AssumeRolePolicyDocument: trust }));
    const profile = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `${name}-profile` }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: `${name}-profile`, RoleName: role.Role?.RoleName }));
    const run = await aws.ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, InstanceType: 't3.medium', IamInstanceProfile: { Arn: profile.InstanceProfile?.Arn } }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId as string;
    const machineDir = join(dir, name);
    await writeIgnition(aws, instanceId, join(machineDir, 'root'), config);
    const identity = { ec2: aws.ec2, autoScaling: aws.autoScaling, iam, sts: new STSClient(base) };
    const facts = await instanceFacts(identity, instanceId, SANDBOX_REGION);
    assert.equal(facts.roleName, `${name}-role`);
    const proxy = new URL(sandbox.awsEndpoint);
    const machine = new Machine({
      facts,
      credentials: roleCredentials(identity, facts),
      root: join(machineDir, 'root'),
      dir: machineDir,
      awsEndpoint: { host: proxy.hostname, port: Number(proxy.port) },
      images: imageTable(ensurePythonTools().aws),
      onHostUnit: (unit, argv) => unit === 'kubelet.service' && kubelet(argv),
    });
    machines.push(machine);
    await machine.start();
    return machine;
  }

  /** worker.ign as `up` finalises it: the worker's TLS assets encrypted with the sandbox's KMS key. */
  async function finalizedWorkerConfig(): Promise<IgnitionConfig> {
    const kms = new KMSClient({ endpoint: sandbox.awsEndpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS });
    const encryptor = {
      keyArn: sandbox.kmsKeyArn,
      encrypt: async (plaintext: Uint8Array, context: { asset: string }) =>
        (await kms.send(new EncryptCommand({ KeyId: sandbox.kmsKeyArn, Plaintext: plaintext, EncryptionContext: { asset: context.asset } }))).CiphertextBlob as Uint8Array,
    };
    const assets = new Map(nodeAssetNames('worker').map((n) => [n, readFileSync(join(clusterDir, 'credentials', n))] as const));
    const editable = JSON.parse(readFileSync(join(clusterDir, 'userdata', 'worker.ign'), 'utf8')) as IgnitionConfig;
    return finalizeNodeIgnition(editable, 'worker', assets, encryptor);
  }

  test('the rendered units decrypt the worker\'s assets with its role, name the node from IMDS, and start the kubelet', async () => {
    let argv: readonly string[] | undefined;
    const machine = await bootWorker('good', await finalizedWorkerConfig(), (a) => (argv = a));
    const kubelet = await until('kubelet.service to start', () => argv, 120_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- console ---\n${machine.consoleOutput()}`);
    });
    const root = join(dir, 'good', 'root');
    for (const name of nodeAssetNames('worker')) {
      assert.deepEqual(readFileSync(join(root, 'etc/kubernetes/pki', name)), readFileSync(join(clusterDir, 'credentials', name)), `${name} decrypted to the rendered asset`);
    }
    const nodeName = /--hostname-override=(\S+)/.exec(kubelet.join(' '))?.[1];
    assert.match(nodeName ?? '', /^ip-\d+-\d+-\d+-\d+\.us-west-1\.compute\.internal$/, kubelet.join(' '));
    assert.match(machine.consoleOutput(), /\[ {2}OK {2}\] Finished kube-aws-decrypt-assets\.service/);
    assert.equal(machine.state, 'booted');
  });

  test('the decrypt command as it stood (`kms` where ctr wants the program) fails the unit and the kubelet, and the console says why', async () => {
    const good = await finalizedWorkerConfig();
    const script = good.storage?.files?.find((f) => f.path === '/opt/kube-aws/bin/kube-aws-decrypt-assets');
    assert.ok(script?.contents?.source);
    const text = decodeURIComponent(script.contents.source.slice(script.contents.source.indexOf(',') + 1));
    assert.match(text, /\n\s+aws kms decrypt/);
    const broken: IgnitionConfig = {
      ...good,
      storage: {
        ...good.storage,
        files: (good.storage?.files ?? []).map((f) =>
          f === script ? { ...f, contents: { source: `data:,${encodeURIComponent(text.replace(/\n(\s+)aws kms decrypt/, '\n$1kms decrypt'))}` } } : f,
        ),
      },
    };
    let started = false;
    const machine = await bootWorker('bad', broken, () => (started = true));
    await until('the decrypt unit to fail', () => (machine.failures().some((f) => f.unit === 'kube-aws-decrypt-assets.service') ? true : undefined), 120_000);
    const console = machine.consoleOutput();
    assert.match(console, /exec: "kms": executable file not found in \$PATH/);
    assert.match(console, /kube-aws: kube-aws-decrypt-assets\.service failed \(result=exit-code, status=1\)/);
    assert.match(console, /\[FAILED\] Failed to start kube-aws-decrypt-assets\.service/);
    assert.match(console, /\[DEPEND\] Dependency failed for kubelet\.service/);
    assert.equal(started, false);
    assert.match(machine.error ?? '', /kube-aws-decrypt-assets\.service failed \(exit-code, status=1\)/);
  });
});
