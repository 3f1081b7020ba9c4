import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readOnlyWorkflowId, TASK_QUEUE, WORKFLOWS } from '@kube-aws/workflows';
import type { StatusResult } from '@kube-aws/workflows';
import { startDevServer } from '@kube-aws/workflows/testing';
import { connectFromEnvironment, TemporalUnreachableError } from '../src/index.js';

const CHILD = fileURLToPath(new URL('./support/worker-with-fake.ts', import.meta.url));
const WORKER_DIR = fileURLToPath(new URL('..', import.meta.url));

let env: TestWorkflowEnvironment;
let child: ChildProcess | undefined;
before(async () => {
  env = await startDevServer();
});
after(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await env?.teardown();
});

/** Resolves with everything the child printed once `pattern` shows up in its stdout. */
function waitForOutput(proc: ChildProcess, pattern: RegExp, seen: { out: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (pattern.test(seen.out)) resolve(seen.out);
    };
    proc.stdout?.on('data', check);
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}) before printing ${pattern}:\n${seen.out}`)));
    check();
  });
}

describe('kube-aws worker process', () => {
  it('connects from TEMPORAL_* settings, runs a workflow, and shuts down cleanly on SIGTERM', async () => {
    const seen = { out: '', err: '' };
    child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: WORKER_DIR,
      env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', FAKE_CLUSTER_NAME: 'worker-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (seen.out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (seen.err += d.toString()));

    const started = await waitForOutput(child, /serving task queue/, seen);
    assert.match(started, new RegExp(`kube-aws worker: serving task queue ${TASK_QUEUE} on ${env.address} \\(namespace default\\)`));

    const input = { assetsUri: 'file:///tmp/fake/worker-test', clusterName: 'worker-test', region: 'us-west-1', account: '123456789012' };
    const result = await env.client.workflow.execute(WORKFLOWS.status, {
      taskQueue: TASK_QUEUE,
      workflowId: readOnlyWorkflowId('status', input.account, input.region, input.clusterName, 'worker-test'),
      args: [input],
    });
    assert.deepEqual(result as StatusResult, {
      clusterName: 'worker-test',
      exists: true,
      stackStatus: 'CREATE_COMPLETE',
      controllerIP: '203.0.113.5',
      outputs: { ControllerIP: '203.0.113.5' },
    });

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.equal(signal, null, `worker died of ${signal}:\n${seen.out}\n${seen.err}`);
    assert.equal(code, 0, `worker exited ${code}:\n${seen.out}\n${seen.err}`);
    assert.match(seen.out, /SIGTERM received, finishing in-flight tasks/);
    assert.match(seen.out, /kube-aws worker: stopped/);
  });
});

describe('connectFromEnvironment', () => {
  it('says where it tried and what to set when no Temporal server answers', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const err = await connectFromEnvironment({ TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_NAMESPACE: 'kube' }).then(
      () => assert.fail('expected the connection to fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TemporalUnreachableError);
    assert.equal(err.address, '127.0.0.1:1');
    assert.equal(err.namespace, 'kube');
    assert.match(err.message, /cannot reach Temporal at 127\.0\.0\.1:1 \(namespace kube\).*TEMPORAL_ADDRESS/);
  });
});
