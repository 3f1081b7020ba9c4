#!/usr/bin/env node
// `npm run bench`: prints how long the seed's steps take and how much memory they use, measured
// on the real binary in a temp directory (and, for up, on a fresh sandbox with a real worker).
// Figures only: tests never time things. Each step runs BENCH_RUNS times (default 3); the median
// and the worst peak RSS are printed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNodeModules } from './lib/ensure.mjs';
import { repoRoot } from './lib/paths.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
ensureNodeModules();
const { SEED_INIT_FLAGS, applySeedEdits } = await import('./sandbox/seed-scenario.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const cli = join(repoRoot, 'apps', 'cli', 'bin', 'kube-aws.mjs');
const kmsArn = 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';
const timeBin = spawnSync('sh', ['-c', 'command -v /usr/bin/time'], { encoding: 'utf8' }).stdout.trim();

/**
 * Runs the CLI once; wall time in ms and peak RSS in MiB (when /usr/bin/time exists). Asynchronous:
 * the sandbox's proxy runs inside this process and must keep serving while the CLI runs.
 */
function measure(args, cwd, env = {}) {
  const [cmd, argv] = timeBin ? [timeBin, ['-f', '%M', process.execPath, cli, ...args]] : [process.execPath, [cli, ...args]];
  const started = process.hrtime.bigint();
  const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`kube-aws ${args.join(' ')} exited ${code}:\n${stdout}\n${stderr}`));
      const rssKiB = timeBin ? Number(stderr.trim().split('\n').pop()) : NaN;
      resolve({ ms, rssMiB: rssKiB / 1024 });
    }),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
function report(name, samples) {
  const ms = median(samples.map((s) => s.ms));
  const rss = Math.max(...samples.map((s) => s.rssMiB));
  rows.push({ name, ms, rss });
  console.log(`${name.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s   ${Number.isNaN(rss) ? '   n/a' : rss.toFixed(0).padStart(5)} MiB peak RSS`);
}

console.log(`kube-aws benchmarks (${runs} runs each, median time, worst peak RSS; Node ${process.version})\n`);
const samples = { version: [], init: [], renderCold: [], renderWarm: [], validate: [] };
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aws-bench-'));
  try {
    samples.version.push(await measure(['version'], dir));
    samples.init.push(await measure(['init', ...SEED_INIT_FLAGS(kmsArn)], dir));
    applySeedEdits(join(dir, 'cluster.yaml'));
    samples.renderCold.push(await measure(['render'], dir));
    samples.renderWarm.push(await measure(['render'], dir));
    samples.validate.push(await measure(['validate', '--offline'], dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
report('kube-aws version (CLI start-up)', samples.version);
report('kube-aws init', samples.init);
report('kube-aws render, new cluster (12 key pairs)', samples.renderCold);
report('kube-aws render, again (everything kept)', samples.renderWarm);
report('kube-aws validate --offline', samples.validate);

if (process.env.BENCH_SKIP_UP !== '1') await benchUp();

async function benchUp() {
  const { register } = await import('tsx/esm/api');
  register();
  const { startSandbox } = await import('./sandbox/src/index.ts');
  const paceMs = Number(process.env.BENCH_PACE_MS ?? 0);
  const sandbox = await startSandbox({ paceMs, changeSetPaceMs: paceMs, machines: true });
  const env = { ...sandbox.env(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const worker = spawn(process.execPath, [join(repoRoot, 'apps', 'worker', 'bin', 'kube-aws-worker.mjs')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await new Promise((ready, fail) => {
      let out = '';
      worker.stdout.on('data', (d) => (out += d) && /serving task queue/.test(out) && ready());
      worker.once('exit', (code) => fail(new Error(`worker exited ${code}`)));
    });
    const dir = mkdtempSync(join(tmpdir(), 'kube-aws-bench-up-'));
    await measure(['init', ...SEED_INIT_FLAGS(sandbox.kmsKeyArn)], dir);
    applySeedEdits(join(dir, 'cluster.yaml'));
    await measure(['render'], dir);
    report(`kube-aws up on the sandbox (pace ${paceMs} ms)`, [await measure(['up'], dir, env)]);
    report('kube-aws up again (already up)', [await measure(['up'], dir, env)]);
    // From the stack done to every node Ready and kube-system running: the sandbox boots the control
    // plane from the userdata and joins three nodes while verify waits.
    report('kube-aws verify, right after up (3 nodes)', [await measure(['verify'], dir, env)]);
    report('kube-aws verify again (cluster ready)', [await measure(['verify'], dir, env)]);
    // The machines' boot, from their log: the controller's Ignition to the last of three nodes
    // registered, every unit run on the way (decrypt through ctr and the AWS CLI, addons).
    const machinesLog = readFileSync(join(sandbox.stateDir, 'logs', 'machines.log'), 'utf8').split('\n');
    const at = (pattern) => machinesLog.filter((l) => pattern.test(l)).map((l) => Date.parse(l.slice(0, 24)));
    const [bootStart] = at(/booting controller/);
    const registered = at(/registered node/);
    const apiUp = at(/API server on/)[0];
    if (bootStart && registered.length >= 3) {
      const seconds = (ms) => `${(ms / 1000).toFixed(1).padStart(7)} s`;
      console.log(`${'sandbox boot: Ignition → control plane up'.padEnd(44)} ${seconds(apiUp - bootStart)}`);
      console.log(`${'sandbox boot: Ignition → 3 nodes registered'.padEnd(44)} ${seconds(registered[2] - bootStart)}`);
    }
    const rss = spawnSync('ps', ['-C', 'etcd,kube-apiserver,kube-controller-manager,kube-scheduler', '-o', 'rss=,comm='], { encoding: 'utf8' }).stdout;
    const perProcess = rss.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));
    const total = perProcess.reduce((sum, [kib]) => sum + Number(kib), 0) / 1024;
    console.log(`${'sandbox control plane, resident memory'.padEnd(44)} ${total.toFixed(0).padStart(7)} MiB   (${perProcess.map(([kib, name]) => `${name} ${(Number(kib) / 1024).toFixed(0)}`).join(', ')})`);
    rmSync(dir, { recursive: true, force: true });
  } finally {
    worker.kill('SIGTERM');
    await sandbox.stop();
  }
}
