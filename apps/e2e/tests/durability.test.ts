/**
 * What the product exists for: nothing is lost when the CLI or the worker dies mid-`up`, and a
 * second `up` attaches to the running one instead of starting another.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { liveStacks } from './helpers/aws.js';
import { describeRun, startHarness, WorkerProcess } from './helpers/harness.js';
import type { Harness } from './helpers/harness.js';
import { seedCluster } from './helpers/seed-cluster.js';

const LONG = { timeout: 600_000 };

async function until(check: () => boolean, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('durability on the sandbox', () => {
  let h: Harness;

  before(async () => {
    // Slow enough that a second CLI (a few seconds to start on a busy machine) meets the create
    // still running: each test acts while the stack is in progress.
    h = await startHarness({ paceMs: 2000 });
  }, LONG);
  after(async () => h?.stop(), LONG);

  test('a second up attaches to the running one; one stack', LONG, async () => {
    const dir = await seedCluster(h, { name: 'twice' });
    const first = h.spawnKubeAws(['up'], dir);
    let firstOut = '';
    first.child.stdout?.on('data', (d: Buffer) => (firstOut += d.toString()));
    first.child.stderr?.on('data', (d: Buffer) => (firstOut += d.toString()));
    await until(() => /CREATE_IN_PROGRESS/.test(firstOut), 'the first up to show stack events');

    const second = await h.kubeAws(['up'], dir);
    assert.equal(second.code, 0, describeRun(second));
    assert.match(second.stdout + second.stderr, /attach/i);
    const firstResult = await first.done;
    assert.equal(firstResult.code, 0, describeRun(firstResult));
    assert.equal((await liveStacks(h.sandbox, 'twice')).length, 1);
  });

  test('Ctrl-C detaches without cancelling; running up again re-attaches and finishes', LONG, async () => {
    const dir = await seedCluster(h, { name: 'detach' });
    const run = h.spawnKubeAws(['up'], dir);
    let out = '';
    run.child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    run.child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => /CREATE_IN_PROGRESS/.test(out), 'stack events');
    run.child.kill('SIGINT');
    const detached = await run.done;
    assert.equal(detached.code, 130, describeRun(detached));
    assert.match(detached.stdout + detached.stderr, /kube-aws up/);

    const again = await h.kubeAws(['up'], dir);
    assert.equal(again.code, 0, describeRun(again));
    assert.match(again.stdout, /Cluster Name:\s+detach/);
    assert.equal((await liveStacks(h.sandbox, 'detach')).length, 1);
  });

  test('the worker is killed mid-create; a new worker finishes the same workflow, one stack', LONG, async () => {
    const dir = await seedCluster(h, { name: 'crash' });
    const run = h.spawnKubeAws(['up'], dir);
    let out = '';
    run.child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    run.child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => /CREATE_IN_PROGRESS/.test(out), 'stack events');
    await h.worker.kill();
    h.worker = await WorkerProcess.start(h.env);

    const result = await run.done;
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stdout, /Cluster Name:\s+crash/);
    assert.equal((await liveStacks(h.sandbox, 'crash')).length, 1);
  });
});
