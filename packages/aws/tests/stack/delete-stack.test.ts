import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { createStackActivities } from '../../src/stack/index.js';
import { awsError, FakeAwsClient, fakeClients, fakeEvent, fakeStack, STACK_ID, stackMissing } from './helpers/fake-cloudformation.js';
import type { FakeStackOptions } from './helpers/fake-cloudformation.js';
import { fakeTiming } from './helpers/fake-timing.js';
import { seedStackInputs } from './helpers/stack-inputs.js';

const REF = { region: 'us-west-1', stackName: 'kube-cluster', stackId: STACK_ID };

function setup(stack: FakeStackOptions | null) {
  const cfn = new FakeAwsClient('CloudFormation');
  let current: Stack | null = stack === null ? null : fakeStack(stack);
  cfn
    .on('DescribeStacks', () => {
      if (current === null) throw stackMissing(STACK_ID);
      return { Stacks: [current] };
    })
    .on('DescribeStackEvents', () => ({ StackEvents: [fakeEvent(stack?.status ?? 'x', 'kube-cluster', { EventId: 'ev-last' })] }))
    .on('DeleteStack', () => {
      current = fakeStack({ status: 'DELETE_IN_PROGRESS' });
      return {};
    });
  const activities = createStackActivities(fakeClients(cfn), { loadStackInputs: async () => seedStackInputs(), timing: fakeTiming() });
  return { cfn, activities, gone: () => (current = null) };
}

describe('deleteStack', () => {
  it('deletes a kube-aws stack by id with a request token, and says where its events begin', async () => {
    const { cfn, activities } = setup({ status: 'CREATE_COMPLETE' });
    const result = await activities.deleteStack(REF);
    assert.deepEqual(result, { stackId: STACK_ID, alreadyGone: false, sinceEventId: 'ev-last' });
    const [call] = cfn.callsOf('DeleteStack');
    assert.equal(call?.['StackName'], STACK_ID);
    assert.match(String(call?.['ClientRequestToken']), /^kube-aws-delete-[0-9a-f]{40}$/);
    assert.equal(call?.['RetainResources'], undefined);
  });

  it('deletes from the states a failed create or delete leaves, never retaining resources', async () => {
    for (const status of ['CREATE_FAILED', 'ROLLBACK_COMPLETE', 'DELETE_FAILED', 'UPDATE_ROLLBACK_FAILED']) {
      const { cfn, activities } = setup({ status });
      assert.equal((await activities.deleteStack(REF)).alreadyGone, false, status);
      assert.equal(cfn.callsOf('DeleteStack')[0]?.['RetainResources'], undefined, status);
    }
  });

  it('says alreadyGone for a missing stack', async () => {
    const { cfn, activities } = setup(null);
    assert.deepEqual(await activities.deleteStack(REF), { alreadyGone: true });
    assert.equal(cfn.callsOf('DeleteStack').length, 0);
  });

  it('joins a delete already under way', async () => {
    const { cfn, activities } = setup({ status: 'DELETE_IN_PROGRESS' });
    assert.deepEqual(await activities.deleteStack(REF), { stackId: STACK_ID, alreadyGone: false });
    assert.equal(cfn.callsOf('DeleteStack').length, 0);
  });

  it('refuses a stack kube-aws did not make', async () => {
    const { cfn, activities } = setup({ status: 'CREATE_COMPLETE', owner: null });
    await assert.rejects(activities.deleteStack(REF), (e: unknown) => e instanceof ApplicationFailure && e.type === 'ForeignStack' && e.nonRetryable === true);
    assert.equal(cfn.callsOf('DeleteStack').length, 0);
  });

  it('waits for an update to finish first', async () => {
    const { activities } = setup({ status: 'UPDATE_IN_PROGRESS' });
    await assert.rejects(activities.deleteStack(REF), (e: unknown) => e instanceof ApplicationFailure && e.type === 'StackBusy');
  });

  it('counts a failed request as done when the stack went anyway (moto: DependencyViolation, stack gone)', async () => {
    const { cfn, activities, gone } = setup({ status: 'CREATE_COMPLETE' });
    cfn.on('DeleteStack', () => {
      gone();
      throw awsError('DependencyViolation', 'The vpc vpc-1 has dependencies and cannot be deleted.');
    });
    assert.equal((await activities.deleteStack(REF)).alreadyGone, false);
  });

  it('classifies a failed request when the stack is still there', async () => {
    const { cfn, activities } = setup({ status: 'CREATE_COMPLETE' });
    cfn.on('DeleteStack', () => {
      throw awsError('Throttling', 'Rate exceeded');
    });
    await assert.rejects(activities.deleteStack(REF), (e: unknown) => e instanceof ApplicationFailure && e.type === 'AwsThrottled' && !e.nonRetryable);
  });
});

describe('describeStack', () => {
  it('returns outputs, parameters and tags as records, and whether kube-aws owns it', async () => {
    const { activities } = setup({ status: 'UPDATE_COMPLETE', parameters: { Phase: 'nodes' }, outputs: { AssetsBucket: 'b-1' }, tags: { Name: 'Kubernetes' } });
    const snap = await activities.describeStack(REF);
    assert.deepEqual(snap, {
      stackId: STACK_ID,
      stackName: 'kube-cluster',
      status: 'UPDATE_COMPLETE',
      outputs: { AssetsBucket: 'b-1' },
      parameters: { Phase: 'nodes' },
      tags: { Name: 'Kubernetes', 'kube-aws:cluster': 'kube-cluster' },
      ownedByKubeAws: true,
    });
    const foreign = await setup({ status: 'CREATE_COMPLETE', owner: null }).activities.describeStack(REF);
    assert.equal(foreign?.ownedByKubeAws, false);
  });

  it('returns null for a missing or DELETE_COMPLETE stack', async () => {
    assert.equal(await setup(null).activities.describeStack(REF), null);
    assert.equal(await setup({ status: 'DELETE_COMPLETE' }).activities.describeStack(REF), null);
  });
});
