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
import type { Machine } from '@kube-aws/machines';
import { nodeAssetNames } from '@kube-aws/render';
import type { IgnitionConfig } from '@kube-aws/render';
import { SANDBOX_REGION } from '../../src/account.js';
import { startSandbox } from '../../src/sandbox.js';
import type { Sandbox } from '../../src/sandbox.js';
import { bootMachine, finalizedConfig } from './helpers/machine-boot.js';

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

  const bootWorker = async (name: string, config: IgnitionConfig, kubelet: (argv: readonly string[]) => void): Promise<Machine> =>
    (await bootMachine({ sandbox, dir, name, config, onKubelet: kubelet, track: (m) => machines.push(m) })).machine;
  const finalizedWorkerConfig = (): Promise<IgnitionConfig> => finalizedConfig(sandbox, clusterDir, 'worker');

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
