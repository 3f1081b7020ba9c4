/**
 * `npm run sandbox -- …` end to end: background processes that outlive the command, state.json,
 * idempotent up, env lines, registered extra processes, and Temporal history across down/up.
 * Runs in its own SANDBOX_DIR on free ports, beside any sandbox a developer has up.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ensurePythonTools } from '../install.mjs';
import { registerProcess } from '../src/index.js';
import { freePort, isAlive, stopPid } from '@kube-aws/machines/processes';
import type { SandboxState } from '../src/state.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

describe('the sandbox CLI', () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const temporal = ensurePythonTools().temporal;

  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO, env, encoding: 'utf8', timeout: 180_000 });
    return { status: r.status, out: r.stdout, err: r.stderr };
  };
  const state = (): SandboxState => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kube-aws-sandbox-cli-'));
    env = {
      ...process.env,
      NODE_NO_WARNINGS: '1',
      SANDBOX_DIR: dir,
      SANDBOX_MOTO_PORT: String(await freePort()),
      SANDBOX_PROXY_PORT: String(await freePort()),
      SANDBOX_TEMPORAL_PORT: String(await freePort()),
      SANDBOX_TEMPORAL_UI_PORT: String(await freePort()),
      SANDBOX_PACE_MS: '100',
      // The services by hand, without machines: those are the e2e suite's (and need the control-plane build).
      SANDBOX_MACHINES: '0',
    };
  });

  after(async () => {
    cli('down');
    // Whatever a failed test left running.
    if (existsSync(join(dir, 'state.json'))) for (const p of Object.values(state().processes)) await stopPid(p.pid);
    rmSync(dir, { recursive: true, force: true });
  });

  it('up starts moto, the proxy and Temporal in the background and prints where they are', () => {
    const up = cli('up');
    assert.equal(up.status, 0, up.err);
    assert.match(up.out, /^Sandbox up \(started /);
    const s = state();
    assert.deepEqual(Object.keys(s.processes).sort(), ['moto', 'proxy', 'temporal']);
    for (const p of Object.values(s.processes)) assert.ok(isAlive(p.pid), `pid ${p.pid} runs after the command ended`);
    assert.equal(s.awsEndpoint, `http://127.0.0.1:${env['SANDBOX_PROXY_PORT']}`);
    assert.match(up.out, new RegExp(`KMS key\\s+${s.kmsKeyArn}`));
    assert.match(up.out, new RegExp(`Temporal UI\\s+http://127\\.0\\.0\\.1:${env['SANDBOX_TEMPORAL_UI_PORT']}`));
  });

  it('up again finds it up and says so; env prints export lines', async () => {
    const again = cli('up');
    assert.equal(again.status, 0, again.err);
    assert.match(again.out, /^Sandbox already up\./);
    const out = cli('env').out;
    assert.match(out, new RegExp(`^export AWS_ENDPOINT_URL='http://127\\.0\\.0\\.1:${env['SANDBOX_PROXY_PORT']}'$`, 'm'));
    assert.match(out, /^export TEMPORAL_ADDRESS='127\.0\.0\.1:\d+'$/m);
    assert.match(out, /^export KUBE_AWS_KMS_KEY_ARN='arn:aws:kms:us-west-1:123456789012:key\/[0-9a-f-]+'$/m);
    const settings = (await (await fetch(`${state().awsEndpoint}/_sandbox/state`)).json()) as { settings: { paceMs: number } };
    assert.equal(settings.settings.paceMs, 100, 'SANDBOX_PACE_MS reached the proxy');
    assert.doesNotMatch(out, /KUBE_AWS_API_ENDPOINTS/, 'no machines, no API endpoints');
    assert.match(cli('machines').out, /runs no machines/);
  });

  it('status lists the services; reset re-seeds', () => {
    const status = cli('status');
    assert.match(status.out, /moto\s+running \(pid \d+\)/);
    assert.match(status.out, /temporal\s+running/);
    const before = state().kmsKeyArn;
    const reset = cli('reset');
    assert.equal(reset.status, 0, reset.err);
    assert.notEqual(state().kmsKeyArn, before);
  });

  it('down stops everything, registered processes included; Temporal history survives down/up', async () => {
    const address = state().temporalAddress ?? '';
    const started = spawnSync(temporal, ['workflow', 'start', '--address', address, '--type', 'Probe', '--task-queue', 'nobody', '--workflow-id', 'survives-restart'], {
      encoding: 'utf8',
    });
    assert.equal(started.status, 0, started.stderr);

    const worker = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
    assert.ok(worker.pid);
    registerProcess('worker', worker.pid, env);
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    const pids = Object.values(state().processes).map((p) => p.pid);

    const down = cli('down');
    assert.equal(down.status, 0, down.err);
    assert.match(down.out, /worker\s+stopped/);
    await exited;
    for (const pid of pids) assert.ok(!isAlive(pid), `pid ${pid} stopped`);
    assert.ok(!existsSync(join(dir, 'state.json')));
    assert.ok(existsSync(join(dir, 'temporal.db')), 'Temporal’s database is kept');
    assert.match(cli('env').err, /not up/);

    const up = cli('up');
    assert.equal(up.status, 0, up.err);
    const described = spawnSync(temporal, ['workflow', 'describe', '--address', state().temporalAddress ?? '', '--workflow-id', 'survives-restart'], { encoding: 'utf8' });
    assert.equal(described.status, 0, described.stderr);
    assert.match(described.stdout, /Probe/);
  });
});
