/**
 * One Temporal dev server and one workflow bundle per test file, and a helper that runs a
 * workflow on its own task queue against a {@link FakeKubeAws}.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { WorkerOptions, WorkflowBundle } from '@temporalio/worker';
import { clusterWorkflowId } from '../../src/contract.js';
import type { CommandName, UpInput } from '../../src/contract.js';
import { startDevServer } from '../../src/testing/index.js';
import type { FakeKubeAws } from '../../src/testing/index.js';
import type * as workflows from '../../src/workflows/index.js';

export type Workflows = typeof workflows;

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../src/workflows/index.ts', import.meta.url));

export interface Harness {
  readonly env: TestWorkflowEnvironment;
  readonly bundle: WorkflowBundle;
  /** A worker for `fake` on a fresh task queue; `taskQueue` is where to start workflows. */
  worker(fake: FakeKubeAws, options?: Partial<WorkerOptions>): Promise<{ worker: Worker; taskQueue: string }>;
  /**
   * Runs `fn` with a worker for `fake`; held fake activities are released when `fn` ends, so a
   * failing assertion ends the test instead of leaving the worker waiting on them.
   */
  run<T>(fake: FakeKubeAws, fn: (ctx: { taskQueue: string; worker: Worker }) => Promise<T>, options?: Partial<WorkerOptions>): Promise<T>;
  teardown(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const env = await startDevServer();
  try {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
    const bundle = { code };
    const harness: Harness = {
      env,
      bundle,
      async worker(fake, options = {}) {
        const taskQueue = `test-${randomUUID()}`;
        const worker = await Worker.create({
          connection: env.nativeConnection,
          taskQueue,
          workflowBundle: bundle,
          activities: fake.activities,
          ...options,
        });
        return { worker, taskQueue };
      },
      async run(fake, fn, options) {
        const { worker, taskQueue } = await this.worker(fake, options);
        return worker.runUntil(async () => {
          try {
            return await fn({ taskQueue, worker });
          } finally {
            fake.releaseAll();
          }
        });
      },
      teardown: () => env.teardown(),
    };
    return harness;
  } catch (err) {
    await env.teardown();
    throw err;
  }
}

/** The bundler logs every module at INFO; tests want its errors only. */
const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};

/** A workflow input for the fake's cluster. */
export function inputFor(fake: FakeKubeAws): { assetsUri: string; clusterName: string; region: string; account: string } {
  return { assetsUri: `file:///tmp/fake/${fake.cluster.clusterName}`, clusterName: fake.cluster.clusterName, region: fake.cluster.region, account: fake.account };
}

export function upInput(fake: FakeKubeAws, options: Partial<UpInput> = {}): UpInput {
  return { ...inputFor(fake), onFailure: 'DO_NOTHING', recreate: false, ...options };
}

/** The cluster's mutating-workflow ID (unique per test through the fake's cluster name). */
export function workflowIdFor(fake: FakeKubeAws, command: CommandName): string {
  const id = clusterWorkflowId(fake.account, fake.cluster.region, fake.cluster.clusterName);
  return command === 'up' || command === 'provision' || command === 'destroy' ? id : `${id}:${command}:${randomUUID()}`;
}

/** A cluster name no other test uses (workflow IDs derive from it). */
export function uniqueClusterName(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export type AnyHandle = WorkflowHandle;
