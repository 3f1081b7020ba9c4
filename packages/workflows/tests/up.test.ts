import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import type { DeployStackInput, StackFailure } from '@kube-aws/aws';
import { PROGRESS_QUERY, WORKFLOWS } from '../src/contract.js';
import type { Progress } from '../src/contract.js';
import { ACCOUNT_KEY, CLUSTER_NAME_KEY, REGION_KEY, STEP_KEY } from '../src/search-attributes.js';
import { FakeKubeAws } from '../src/testing/index.js';
import { failsWith } from './support/failures.js';
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

function deployPhases(fake: FakeKubeAws): string[] {
  return fake.log.filter((c) => c.name === 'deployStack').map((c) => (c.input as DeployStackInput).phase);
}

describe('upWorkflow', () => {
  it('creates the stack in two phases and reports every stack event through the progress query', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('up'), eventsPerWatch: 3 });
    const heldSecondWatch = fake.hold('watchStack', 2);
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, {
        taskQueue,
        workflowId: workflowIdFor(fake, 'up'),
        args: [upInput(fake)],
      });

      // Mid-create: the first watch call's events are visible, and the Step attribute says where it is.
      await heldSecondWatch;
      const during = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(during.step, 'create-assets');
      assert.equal(during.outcome, 'running');
      assert.equal(during.stackStatus, 'CREATE_IN_PROGRESS');
      // The stack's own CREATE_IN_PROGRESS, then three resource events (eventsPerWatch).
      assert.equal(during.eventCount, 4);
      assert.deepEqual(during.events.map((e) => `${e.logicalId} ${e.status}`), [
        `${fake.cluster.stackName} CREATE_IN_PROGRESS`,
        'VPC CREATE_IN_PROGRESS',
        'VPC CREATE_COMPLETE',
        'Subnet0 CREATE_IN_PROGRESS',
      ]);
      const described = await handle.describe();
      assert.equal(described.typedSearchAttributes.get(STEP_KEY), 'create-assets');
      fake.release('watchStack');

      const result = await handle.result();
      assert.equal(result.alreadyUp, false);
      assert.equal(result.stackStatus, 'UPDATE_COMPLETE');
      assert.equal(result.controllerIP, '203.0.113.10');
      assert.equal(result.assetsBucket, `${fake.cluster.stackName}-assetsbucket-fake`);
      assert.equal(result.stackId, fake.stack?.stackId);

      const done = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(done.step, 'done');
      assert.equal(done.outcome, 'completed');
      assert.equal(done.stackStatus, 'UPDATE_COMPLETE');
      assert.deepEqual(
        done.steps.map((s) => `${s.step}:${s.state}`),
        ['validate:done', 'preflight:done', 'encrypt:done', 'create-assets:done', 'upload:done', 'create-nodes:done', 'done:done'],
      );
      // Every event CloudFormation reported was seen once, in order.
      assert.equal(done.eventCount, fake.stack?.events.length);
      assert.deepEqual(done.events.map((e) => e.eventId), fake.stack?.events.map((e) => e.eventId));
      assert.ok(done.events.some((e) => e.logicalId === 'Controller' && e.status === 'CREATE_COMPLETE'));
      assert.ok(done.elapsedSeconds >= 0);

      // Two deploys, with tokens that stay put for the run and differ per phase.
      assert.deepEqual(deployPhases(fake), ['assets', 'nodes']);
      const tokens = fake.log.filter((c) => c.name === 'deployStack').map((c) => (c.input as DeployStackInput).token);
      assert.equal(new Set(tokens).size, 2);
      const upload = fake.log.find((c) => c.name === 'uploadNodeConfigs');
      assert.equal((upload?.input as { bucket: string }).bucket, result.assetsBucket);
      assert.equal(fake.calls.deleteStack, 0);
      await recordHistory('up-happy-path', handle);
    });
  });

  it('sets the ClusterName, Region, Account and Step search attributes', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('attrs'), region: 'eu-west-1', account: '210987654321' });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      await handle.result();
      const attrs = (await handle.describe()).typedSearchAttributes;
      assert.equal(attrs.get(CLUSTER_NAME_KEY), fake.cluster.clusterName);
      assert.equal(attrs.get(REGION_KEY), 'eu-west-1');
      assert.equal(attrs.get(ACCOUNT_KEY), '210987654321');
      assert.equal(attrs.get(STEP_KEY), 'done');
    });
  });

  it('fails with StackFailed naming the failed resources and how to recover, and deletes nothing', async () => {
    const failures: StackFailure[] = [
      { logicalId: 'InternetGateway', resourceType: 'AWS::EC2::InternetGateway', status: 'CREATE_FAILED', reason: 'The maximum number of internet gateways has been reached.' },
    ];
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('fail'), createFailures: failures });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      const failure = await failsWith(handle.result(), 'StackFailed');
      assert.match(failure.message, /failed to create \(CREATE_FAILED\)/);
      assert.match(failure.message, /InternetGateway \(AWS::EC2::InternetGateway\) CREATE_FAILED: The maximum number of internet gateways/);
      assert.match(failure.message, /kube-aws up --recreate/);
      assert.match(failure.message, /kube-aws destroy/);
      assert.equal(failure.nonRetryable, true);
      assert.deepEqual(failure.details, failures);

      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(progress.outcome, 'failed');
      assert.equal(progress.stoppedAt, 'create-assets');
      assert.equal(progress.stackStatus, 'CREATE_FAILED');
      assert.deepEqual(progress.failures, failures);
      assert.equal(progress.steps.at(-1)?.state, 'failed');
      assert.deepEqual(deployPhases(fake), ['assets']);
      assert.equal(fake.calls.deleteStack, 0);
      assert.equal(fake.calls.cleanupKubernetesResources, 0);
      await recordHistory('up-stack-failed', handle);
    });
  });

  it('refuses a stack left in CREATE_FAILED without --recreate, and says what to run', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('broken'), existingStack: { status: 'CREATE_FAILED', phase: 'assets', statusReason: 'Resource creation cancelled' } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      const failure = await failsWith(handle.result(), 'StackFailed');
      assert.match(failure.message, /is in CREATE_FAILED \(Resource creation cancelled\)/);
      assert.match(failure.message, /kube-aws up --recreate/);
      assert.equal(fake.calls.deployStack, 0);
      assert.equal(fake.calls.deleteStack, 0);
    });
  });

  it('with --recreate deletes the failed stack, then creates it again', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('recreate'), existingStack: { status: 'ROLLBACK_COMPLETE', phase: 'assets', outputs: { VpcId: 'vpc-old' } } });
    const oldStackId = fake.stack?.stackId;
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, {
        taskQueue,
        workflowId: workflowIdFor(fake, 'up'),
        args: [upInput(fake, { recreate: true })],
      });
      const result = await handle.result();
      assert.equal(result.stackStatus, 'UPDATE_COMPLETE');
      assert.notEqual(result.stackId, oldStackId);

      const order = fake.log.map((c) => c.name);
      const cleanup = order.indexOf('cleanupKubernetesResources');
      const del = order.indexOf('deleteStack');
      const create = order.indexOf('deployStack');
      assert.ok(cleanup >= 0 && cleanup < del && del < create, `expected cleanup → delete → deploy, got ${order.join(', ')}`);
      // The delete was watched to the end before the create started.
      const deleteWatch = fake.log.findIndex((c, i) => i > del && c.name === 'watchStack' && (c.input as { operation: string }).operation === 'DELETE');
      assert.ok(deleteWatch > del && deleteWatch < create);
      assert.deepEqual(fake.log[cleanup]?.input, { region: fake.cluster.region, clusterName: fake.cluster.clusterName, vpcId: 'vpc-old' });
      assert.deepEqual(deployPhases(fake), ['assets', 'nodes']);

      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.deepEqual(
        progress.steps.map((s) => s.step),
        ['validate', 'preflight', 'encrypt', 'cleanup', 'delete', 'create-assets', 'upload', 'create-nodes', 'done'],
      );
      await recordHistory('up-recreate', handle);
    });
  });

  it('finds a complete stack with the same node configs already up, and changes nothing', async () => {
    const fake = new FakeKubeAws({
      clusterName: uniqueClusterName('already'),
      existingStack: { status: 'UPDATE_COMPLETE', phase: 'nodes', current: true, outputs: { AssetsBucket: 'bucket-existing', ControllerIP: '198.51.100.7', VpcId: 'vpc-1' } },
    });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      const result = await handle.result();
      assert.equal(result.alreadyUp, true);
      assert.equal(result.controllerIP, '198.51.100.7');
      assert.equal(result.assetsBucket, 'bucket-existing');
      // No assets deploy (it would take the nodes away); the nodes deploy found nothing to change.
      assert.deepEqual(deployPhases(fake), ['nodes']);
      assert.equal(fake.deploysExecuted('assets'), 0);
      assert.equal(fake.deploysExecuted('nodes'), 0);
      assert.equal(fake.calls.watchStack, 0);
      await recordHistory('up-already-up', handle);
    });
  });

  it('fails a PreflightFailed activity error at once, without retrying it', async () => {
    const fake = new FakeKubeAws({
      clusterName: uniqueClusterName('preflight'),
      // Not flagged non-retryable by the activity: the workflow's retry policy must still stop it.
      errors: { preflight: () => ApplicationFailure.create({ type: 'PreflightFailed', message: 'key pair fake-key does not exist in us-west-1' }) },
    });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      const failure = await failsWith(handle.result(), 'PreflightFailed');
      assert.match(failure.message, /key pair fake-key does not exist/);
      assert.equal(fake.calls.preflight, 1);
      assert.equal(fake.calls.deployStack, 0);
      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(progress.stoppedAt, 'preflight');
    });
  });

  it('fails with PreflightFailed when a preflight check does not pass, before creating anything', async () => {
    const fake = new FakeKubeAws({
      clusterName: uniqueClusterName('check'),
      preflight: [
        { name: 'key-pair', ok: false, detail: 'key pair fake-key not found in us-west-1' },
        { name: 'availability-zones', ok: true, detail: 'us-west-1c available' },
      ],
    });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      const failure = await failsWith(handle.result(), 'PreflightFailed');
      assert.match(failure.message, /key-pair: key pair fake-key not found/);
      assert.equal(fake.calls.preflight, 1);
      assert.equal(fake.calls.deployStack, 0);
    });
  });

  it('deploys both phases with the key preflight resolved kmsKeyArn to, and notes the alias in progress', async () => {
    const keyArn = 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';
    const note = `kmsKeyArn alias/kube-aws-assets resolves to ${keyArn}`;
    const fake = new FakeKubeAws({
      clusterName: uniqueClusterName('kms'),
      preflight: [
        { name: 'key-pair', ok: true, detail: 'fake-key exists' },
        { name: 'kms-key', ok: true, detail: `alias/kube-aws-assets resolves to ${keyArn}`, keyArn, note },
      ],
    });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      await handle.result();
      const deploys = fake.log.filter((c) => c.name === 'deployStack').map((c) => c.input as DeployStackInput);
      assert.deepEqual(deploys.map((d) => [d.phase, d.kmsKeyArn]), [['assets', keyArn], ['nodes', keyArn]]);
      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      const detail = progress.steps.find((st) => st.step === 'preflight')?.detail ?? '';
      assert.ok(detail.includes(note), detail);
    });
  });

  it('retries a transient AWS error and carries on', async () => {
    const fake = new FakeKubeAws({
      clusterName: uniqueClusterName('throttle'),
      errors: { resolveImage: (call) => (call === 1 ? new Error('Rate exceeded') : undefined) },
    });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, { taskQueue, workflowId: workflowIdFor(fake, 'up'), args: [upInput(fake)] });
      const result = await handle.result();
      assert.equal(result.stackStatus, 'UPDATE_COMPLETE');
      assert.equal(fake.calls.resolveImage, 2);
    });
  });

  it('refuses to touch a stack kube-aws did not create', async () => {
    const fake = new FakeKubeAws({ clusterName: uniqueClusterName('foreign'), existingStack: { status: 'CREATE_COMPLETE', owned: false } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await h.env.client.workflow.start<Workflows['upWorkflow']>(WORKFLOWS.up, {
        taskQueue,
        workflowId: workflowIdFor(fake, 'up'),
        args: [upInput(fake, { recreate: true })],
      });
      const failure = await failsWith(handle.result(), 'ForeignStack');
      assert.match(failure.message, /was not created by kube-aws/);
      assert.equal(fake.calls.deleteStack, 0);
      assert.equal(fake.calls.deployStack, 0);
    });
  });
});
