import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StackFailure } from '@kube-aws/aws';
import { PROGRESS_QUERY, WORKFLOWS } from '../src/contract.js';
import type { Progress } from '../src/contract.js';
import { FakeKubeAws } from '../src/testing/index.js';
import { failsWith } from './support/failures.js';
import { inputFor, startHarness, uniqueClusterName, workflowIdFor } from './support/harness.js';
import type { Harness, Workflows } from './support/harness.js';
import { recordHistory } from './support/histories.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.teardown();
});

describe('destroyWorkflow', () => {
  for (const status of ['CREATE_FAILED', 'ROLLBACK_COMPLETE', 'DELETE_FAILED', 'UPDATE_COMPLETE']) {
    it(`deletes a stack in ${status}: Kubernetes leftovers first, then the stack, watched until gone`, async () => {
      const fake = new FakeKubeAws({ clusterName: uniqueClusterName('destroy'), existingStack: { status, phase: 'assets', outputs: { VpcId: 'vpc-9' } } });
      await h.run(fake, async ({ taskQueue }) => {
        const handle = await h.env.client.workflow.start<Workflows['destroyWorkflow']>(WORKFLOWS.destroy, { taskQueue, workflowId: workflowIdFor(fake, 'destroy'), args: [inputFor(fake)] });
        const result = await handle.result();
        assert.deepEqual(result, { clusterName: fake.cluster.clusterName, deleted: true, alreadyGone: false });
        assert.equal(fake.stack?.status, 'DELETE_COMPLETE');

        const order = fake.log.map((c) => c.name);
        assert.deepEqual(order.slice(0, 4), ['loadCluster', 'describeStack', 'cleanupKubernetesResources', 'deleteStack']);
        assert.ok(order.slice(4).every((n) => n === 'watchStack'));
        assert.deepEqual(fake.log[2]?.input, { region: fake.cluster.region, clusterName: fake.cluster.clusterName, vpcId: 'vpc-9' });

        const progress = await handle.query<Progress>(PROGRESS_QUERY);
        assert.equal(progress.stackStatus, 'DELETE_COMPLETE');
        assert.deepEqual(progress.steps.map((s) => `${s.step}:${s.state}`), ['status:done', 'cleanup:done', 'delete:done', 'done:done']);
        if (status === 'CREATE_FAILED') await recordHistory('destroy-create-failed', handle);
      });
    });
  }

  it('succeeds with alreadyGone when there is no stack, deleting nothing', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('gone') });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['destroyWorkflow']>(WORKFLOWS.destroy, { taskQueue, workflowId: workflowIdFor(fake, 'destroy'), args: [inputFor(fake)] });
      assert.deepEqual(await handle.result(), { clusterName: fake.cluster.clusterName, deleted: false, alreadyGone: true });
      assert.equal(fake.calls.deleteStack, 0);
      assert.equal(fake.calls.cleanupKubernetesResources, 0);
      await recordHistory('destroy-missing-stack', handle);
    });
  });

  it('fails with StackFailed and says to run destroy again when the delete fails', async () => {
    const failures: StackFailure[] = [
      { logicalId: 'VPC', resourceType: 'AWS::EC2::VPC', status: 'DELETE_FAILED', reason: "The vpc 'vpc-9' has dependencies and cannot be deleted." },
    ];
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('stuck'), existingStack: { status: 'CREATE_COMPLETE', phase: 'assets' }, deleteFailures: failures });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['destroyWorkflow']>(WORKFLOWS.destroy, { taskQueue, workflowId: workflowIdFor(fake, 'destroy'), args: [inputFor(fake)] });
      const failure = await failsWith(handle.result(), 'StackFailed');
      assert.match(failure.message, /failed to delete \(DELETE_FAILED\)/);
      assert.match(failure.message, /VPC \(AWS::EC2::VPC\) DELETE_FAILED: The vpc 'vpc-9' has dependencies/);
      assert.match(failure.message, /run `kube-aws destroy` again/);
      assert.deepEqual(failure.details, failures);
      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(progress.stoppedAt, 'delete');
    });
  });

  it('refuses to delete a stack kube-aws did not create', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('foreign'), existingStack: { status: 'CREATE_COMPLETE', owned: false } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['destroyWorkflow']>(WORKFLOWS.destroy, { taskQueue, workflowId: workflowIdFor(fake, 'destroy'), args: [inputFor(fake)] });
      await failsWith(handle.result(), 'ForeignStack');
      assert.equal(fake.calls.deleteStack, 0);
      assert.equal(fake.calls.cleanupKubernetesResources, 0);
    });
  });
});
