import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DeployStackInput } from '@kube-aws/aws';
import { PROGRESS_QUERY, WORKFLOWS } from '../src/contract.js';
import type { Progress } from '../src/contract.js';
import { STEP_KEY } from '../src/search-attributes.js';
import { FakeKubeAws } from '../src/testing/index.js';
import { endsCancelled } from './support/failures.js';
import { startHarness, uniqueClusterName, upInput, workflowIdFor } from './support/harness.js';
import type { Harness, Workflows } from './support/harness.js';
import { recordHistory } from './support/histories.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.teardown();
});

describe('a worker that stops mid-watch', () => {
  it('leaves the workflow to a new worker, which finishes it without deploying again', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('resume'), eventsPerWatch: 2 });
    const first = await h.worker(fake);
    const workflowId = workflowIdFor(fake, 'up');
    const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, {
      taskQueue: first.taskQueue,
      workflowId,
      args: [upInput(fake)],
    });

    // Worker 1 runs until the stack create is being watched, then goes away mid-call.
    const watching = fake.hold('watchStack', 2);
    const firstRun = first.worker.run();
    await watching;
    first.worker.shutdown();
    fake.fail('watchStack', new Error('worker stopped'));
    await firstRun;
    assert.equal(fake.calls.deployStack, 1);

    // Worker 2, a new Worker on the same task queue with no cached state, replays and carries on.
    const second = await h.worker(fake, { taskQueue: first.taskQueue });
    await second.worker.runUntil(async () => {
      const result = await handle.result();
      assert.equal(result.stackStatus, 'UPDATE_COMPLETE');
      assert.equal(result.alreadyUp, false);

      // One deploy per phase across both workers; the interrupted watch was simply called again.
      const phases = fake.log.filter((c) => c.name === 'deployStack').map((c) => (c.input as DeployStackInput).phase);
      assert.deepEqual(phases, ['assets', 'nodes']);
      assert.equal(fake.deploysExecuted('assets'), 1);
      assert.equal(fake.deploysExecuted('nodes'), 1);
      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.deepEqual(progress.events.map((e) => e.eventId), fake.stack?.events.map((e) => e.eventId));
      await recordHistory('up-resumed-after-worker-stop', handle);
    });
  });
});

describe('cancelling up', () => {
  it('stops waiting, records the step it stopped at, ends cancelled and deletes nothing', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('cancel') });
    const watching = fake.hold('watchStack', 2);
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      await watching;
      await handle.cancel();
      await endsCancelled(handle.result());

      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(progress.outcome, 'cancelled');
      assert.equal(progress.stoppedAt, 'create-assets');
      assert.equal(progress.step, 'create-assets');
      assert.match(progress.message ?? '', /cancelled during step create-assets; nothing was deleted/);
      assert.equal(progress.steps.at(-1)?.state, 'failed');
      const described = await handle.describe();
      assert.equal(described.status.name, 'CANCELLED');
      assert.equal(described.typedSearchAttributes.get(STEP_KEY), 'create-assets');
      // Nothing undone: the half-made stack stays for `up` to resume or `destroy` to remove.
      assert.equal(fake.calls.deleteStack, 0);
      assert.equal(fake.calls.cleanupKubernetesResources, 0);
      assert.equal(fake.calls.deployStack, 1);
      assert.equal(fake.stack?.status, 'CREATE_IN_PROGRESS');
      await recordHistory('up-cancelled', handle);
    });
  });
});
