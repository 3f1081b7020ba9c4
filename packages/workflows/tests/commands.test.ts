import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PROGRESS_QUERY, readOnlyWorkflowId, WORKFLOWS } from '../src/contract.js';
import type { Progress } from '../src/contract.js';
import { ACCOUNT_KEY, CLUSTER_NAME_KEY, REGION_KEY, STEP_KEY } from '../src/search-attributes.js';
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

describe('provisionWorkflow', () => {
  it('runs init, render, validate, up and verify in one workflow', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('provision'), workerCount: 2, nodesPendingCalls: 1 });
    await h.run(fake, async ({ taskQueue }) => {
      const input = inputFor(fake);
      const init = { ...input, externalDNSName: 'kube.example.com', availabilityZone: 'us-west-1c', keyName: 'fake-key', kmsKeyArn: fake.cluster.kmsKeyArn };
      const handle = await h.env.client.workflow.start<Workflows['provisionWorkflow']>(WORKFLOWS.provision, {
        taskQueue,
        workflowId: workflowIdFor(fake, 'provision'),
        args: [{ ...input, init, up: { onFailure: 'ROLLBACK', recreate: false } }],
      });
      const result = await handle.result();
      assert.equal(result.stackStatus, 'UPDATE_COMPLETE');
      assert.equal(result.nodes?.controller?.state, 'running');
      assert.equal(result.nodes?.workers.filter((w) => w.state === 'running').length, 2);
      // verify polled until the nodes ran.
      assert.equal(fake.calls.describeNodeInstances, 2);
      assert.deepEqual(fake.log[0], { name: 'initCluster', input: init });

      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(progress.command, 'provision');
      assert.deepEqual(
        progress.steps.map((s) => s.step),
        ['init', 'render', 'validate', 'preflight', 'encrypt', 'create-assets', 'upload', 'create-nodes', 'verify', 'done'],
      );
      await recordHistory('provision', handle);
    });
  });
});

describe('validateWorkflow', () => {
  it('reports the cluster, the template and every preflight check, failed ones included, and changes nothing', async () => {
    const fake = new FakeKubeAws({
      clusterName: uniqueClusterName('validate'),
      preflight: [
        { name: 'key-pair', ok: true, detail: 'fake-key exists' },
        { name: 'hosted-zone', ok: false, detail: 'no hosted zone for example.com' },
      ],
    });
    await h.run(fake, async ({ taskQueue }) => {
      const input = inputFor(fake);
      const handle = await h.env.client.workflow.start<Workflows['validateWorkflow']>(WORKFLOWS.validate, {
        taskQueue,
        workflowId: readOnlyWorkflowId('validate', input.account, input.region, input.clusterName, 'n1'),
        args: [input],
      });
      const result = await handle.result();
      assert.equal(result.cluster.clusterName, fake.cluster.clusterName);
      assert.deepEqual(result.template.capabilities, ['CAPABILITY_IAM']);
      assert.deepEqual(result.preflight.map((c) => `${c.name}:${c.ok}`), ['key-pair:true', 'hosted-zone:false']);
      assert.deepEqual(fake.log.map((c) => c.name), ['loadCluster', 'validateAssets', 'resolveImage', 'preflight', 'validateTemplate']);
      await recordHistory('validate', handle);
    });
  });
});

describe('verifyWorkflow', () => {
  it('polls until the controller and every worker run', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('verify'), workerCount: 3, nodesPendingCalls: 1, existingStack: { status: 'UPDATE_COMPLETE', phase: 'nodes', outputs: { ControllerIP: '198.51.100.9', AssetsBucket: 'b' } } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['verifyWorkflow']>(WORKFLOWS.verify, { taskQueue, workflowId: workflowIdFor(fake, 'verify'), args: [{ ...inputFor(fake), timeoutSeconds: 120 }] });
      const result = await handle.result();
      assert.equal(result.controllerIP, '198.51.100.9');
      assert.equal(result.nodes?.workers.length, 3);
      assert.equal(fake.calls.describeNodeInstances, 2);
      await recordHistory('verify', handle);
    });
  });

  it('fails with NodesNotReady when the nodes do not run in time', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('slow'), nodesPendingCalls: 1000, existingStack: { status: 'UPDATE_COMPLETE', phase: 'nodes' } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['verifyWorkflow']>(WORKFLOWS.verify, { taskQueue, workflowId: workflowIdFor(fake, 'verify'), args: [{ ...inputFor(fake), timeoutSeconds: 1 }] });
      const failure = await failsWith(handle.result(), 'NodesNotReady');
      assert.match(failure.message, /controller pending, 0 of 2 workers running/);
    });
  });

  it('fails with StackGone when the cluster has no stack', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('nostack') });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['verifyWorkflow']>(WORKFLOWS.verify, { taskQueue, workflowId: workflowIdFor(fake, 'verify'), args: [inputFor(fake)] });
      const failure = await failsWith(handle.result(), 'StackGone');
      assert.match(failure.message, /kube-aws up/);
    });
  });
});

describe('statusWorkflow', () => {
  it('reports the stack status, the controller IP and the outputs', async () => {
    const outputs = { ControllerIP: '198.51.100.3', AssetsBucket: 'bucket-1', VpcId: 'vpc-1' };
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('status'), region: 'ap-south-1', existingStack: { status: 'UPDATE_COMPLETE', phase: 'nodes', outputs } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['statusWorkflow']>(WORKFLOWS.status, { taskQueue, workflowId: workflowIdFor(fake, 'status'), args: [inputFor(fake)] });
      const result = await handle.result();
      assert.deepEqual(result, { clusterName: fake.cluster.clusterName, exists: true, stackStatus: 'UPDATE_COMPLETE', controllerIP: '198.51.100.3', outputs });
      const attrs = (await handle.describe()).typedSearchAttributes;
      assert.equal(attrs.get(CLUSTER_NAME_KEY), fake.cluster.clusterName);
      assert.equal(attrs.get(REGION_KEY), 'ap-south-1');
      assert.equal(attrs.get(ACCOUNT_KEY), fake.account);
      assert.equal(attrs.get(STEP_KEY), 'done');
      await recordHistory('status', handle);
    });
  });

  it('answers exists: false when there is no stack', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('nostatus') });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['statusWorkflow']>(WORKFLOWS.status, { taskQueue, workflowId: workflowIdFor(fake, 'status'), args: [inputFor(fake)] });
      assert.deepEqual(await handle.result(), { clusterName: fake.cluster.clusterName, exists: false });
    });
  });
});
