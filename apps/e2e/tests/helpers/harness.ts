/**
 * One sandbox and one real worker process per test file, and the real `kube-aws` binary run
 * against them with nothing but the standard environment variables — as a user would.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@kube-aws/sandbox';
import type { Sandbox } from '@kube-aws/sandbox';

export const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const cliBin = join(repoRoot, 'apps', 'cli', 'bin', 'kube-aws.mjs');
const workerBin = join(repoRoot, 'apps', 'worker', 'bin', 'kube-aws-worker.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The test runner's own variables would make child Node processes report to it; drop them. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('NODE_TEST') || k === 'NODE_OPTIONS' || k.startsWith('AWS_') || k.startsWith('TEMPORAL_')) continue;
    env[k] = v;
  }
  return { ...env, ...extra, FORCE_COLOR: '0', NO_COLOR: '1' };
}

export class WorkerProcess {
  private output = '';
  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const child = spawn(process.execPath, [workerBin], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const worker = new WorkerProcess(child);
    await worker.waitForOutput(/polling|started|task queue/i, 120_000);
    return worker;
  }

  get log(): string {
    return this.output;
  }

  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.child.exitCode !== null) throw new Error(`worker exited (${this.child.exitCode}) before ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`worker did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGKILL: the crash a worker must survive. */
  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((done) => {
      this.child.once('exit', () => done());
      this.child.kill(signal);
    });
  }
}

export interface Harness {
  readonly sandbox: Sandbox;
  worker: WorkerProcess;
  readonly env: Record<string, string>;
  /** A fresh directory for one cluster. */
  clusterDir(name: string): string;
  kubeAws(args: readonly string[], cwd: string, options?: { readonly timeoutMs?: number }): Promise<CliResult>;
  /** Starts kube-aws and returns the running process (to interrupt or run beside another). */
  spawnKubeAws(args: readonly string[], cwd: string): { readonly child: ChildProcess; readonly done: Promise<CliResult> };
  stop(): Promise<void>;
}

export async function startHarness(options: { readonly paceMs: number; readonly machines?: boolean }): Promise<Harness> {
  const sandbox = await startSandbox({ paceMs: options.paceMs, changeSetPaceMs: Math.min(options.paceMs, 200), machines: options.machines ?? false });
  const env = sandbox.env();
  let worker: WorkerProcess;
  try {
    worker = await WorkerProcess.start(env);
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  const root = mkdtempSync(join(tmpdir(), 'kube-aws-e2e-'));

  const spawnKubeAws = (args: readonly string[], cwd: string) => {
    const child = spawn(process.execPath, [cliBin, ...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<CliResult>((resolveDone) => child.on('close', (code) => resolveDone({ code, stdout, stderr })));
    return { child, done };
  };

  const harness: Harness = {
    sandbox,
    worker,
    env,
    clusterDir(name) {
      const dir = join(root, name);
      spawnSync('mkdir', ['-p', dir]);
      return dir;
    },
    async kubeAws(args, cwd, opts = {}) {
      const run = spawnKubeAws(args, cwd);
      const timeout = setTimeout(() => run.child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
      try {
        return await run.done;
      } finally {
        clearTimeout(timeout);
      }
    },
    spawnKubeAws,
    async stop() {
      await harness.worker.stop();
      await sandbox.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A failure message that shows what the command printed. */
export function describeRun(r: CliResult): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}
