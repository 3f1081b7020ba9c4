/**
 * Real parts for the CLI's integration tests: a Temporal dev server (the pinned `temporal` CLI
 * from the project's tool cache, never a download), a worker running the stub workflows on task queue `kube-aws`,
 * and moto's server for the one AWS call the CLI makes (STS GetCallerIdentity). A part that cannot
 * start fails the test with how to install it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TASK_QUEUE } from '@kube-aws/workflows';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

const STUB_WORKFLOWS = fileURLToPath(new URL('../fixtures/stub-workflows.ts', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type { TestWorkflowEnvironment };

function toolPath(name: string): string {
  const cache = process.env.KUBE_AWS_CACHE ?? join(homedir(), '.cache', 'kube-aws');
  return join(cache, 'venv', 'bin', name);
}

/** The dev server on a free port (the `temporal` CLI `tools/sandbox/install.mjs` installs). */
export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  const path = process.env.KUBE_AWS_TEMPORAL_CLI ?? toolPath('temporal');
  if (!existsSync(path)) throw new Error(`The Temporal CLI is not installed at ${path}. Install it with: node tools/sandbox/install.mjs`);
  try {
    // Warnings and errors only: the SDK's INFO lines (bundle sizes, worker state) drown test output.
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // This process already has a Runtime: keep it.
  }
  return TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path }, ip: '127.0.0.1' } });
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/** A worker on `kube-aws` running the stub workflows (bundled here: the slow part). */
export async function startStubWorker(env: TestWorkflowEnvironment): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath: STUB_WORKFLOWS,
  });
  const running = worker.run();
  let stopped = false;
  return {
    async stop() {
      if (!stopped) {
        stopped = true;
        worker.shutdown();
      }
      await running;
    },
  };
}

export interface Moto {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const bin = toolPath('moto_server');
  if (!existsSync(bin)) throw new Error(`moto_server is not installed at ${bin}. Install it with: node tools/sandbox/install.mjs`);
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/moto-api/data.json`).then((r) => r.ok, () => false);
    if (ok) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`moto_server did not answer on ${url}; check the venv (node tools/sandbox/install.mjs)`);
}
