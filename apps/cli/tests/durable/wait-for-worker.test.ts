// No worker, no workflow: the task queue is asked for pollers over a short window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoWorkerError } from '../../src/errors.js';
import { ExitCode } from '../../src/exit-codes.js';
import { waitForWorker } from '../../src/durable/wait-for-worker.js';
import { FakeTemporal } from './fake-temporal.js';

function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    options: {
      windowMs: 3_000,
      intervalMs: 500,
      now: () => now,
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms;
      },
    },
  };
}

describe('waitForWorker', () => {
  it('returns at once when a worker polls', async () => {
    const fake = new FakeTemporal();
    const clock = fakeClock();
    await waitForWorker(fake, 'kube-aws', clock.options);
    assert.equal(fake.pollerCalls, 1);
    assert.deepEqual(clock.slept, []);
  });

  it('waits for a worker that starts polling within the window', async () => {
    const fake = new FakeTemporal();
    fake.pollerAnswers = [0, 0, 2];
    const clock = fakeClock();
    await waitForWorker(fake, 'kube-aws', clock.options);
    assert.equal(fake.pollerCalls, 3);
    assert.deepEqual(clock.slept, [500, 500]);
  });

  it('gives up after the window with how to start a worker', async () => {
    const fake = new FakeTemporal();
    fake.pollerAnswers = [0];
    const clock = fakeClock();
    await assert.rejects(waitForWorker(fake, 'kube-aws', clock.options), (error: unknown) => {
      assert.ok(error instanceof NoWorkerError);
      assert.equal(error.exitCode, ExitCode.Failure);
      assert.equal(
        error.message,
        'no kube-aws worker is polling task queue kube-aws on 127.0.0.1:7233; start one: npm run worker (or docker compose up worker)',
      );
      return true;
    });
    // Asked at 0, 0.5 … 3.0 s: the whole window and no longer.
    assert.equal(fake.pollerCalls, 7);
    assert.equal(clock.slept.reduce((a, b) => a + b, 0), 3_000);
  });
});
