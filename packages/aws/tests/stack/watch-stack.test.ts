import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { WatchStackInput, WatchStackResult } from '../../src/contract.js';
import { createStackActivities } from '../../src/stack/index.js';
import type { PollTiming, WatchHeartbeat } from '../../src/stack/index.js';
import { FakeAwsClient, fakeClients, fakeEvent, fakeStack, STACK_ID, stackMissing } from './helpers/fake-cloudformation.js';
import { fakeTiming } from './helpers/fake-timing.js';
import type { FakeTiming } from './helpers/fake-timing.js';
import { seedStackInputs } from './helpers/stack-inputs.js';

const WATCH: WatchStackInput = { region: 'us-west-1', stackName: 'kube-cluster', stackId: STACK_ID, maxWaitSeconds: 60, operation: 'CREATE' };

interface Watcher {
  readonly cfn: FakeAwsClient;
  readonly timing: FakeTiming;
  readonly heartbeats: WatchHeartbeat[];
  run(input?: Partial<WatchStackInput>): Promise<WatchStackResult>;
}

function watcher(env = new MockActivityEnvironment(), timing: PollTiming & Partial<FakeTiming> = fakeTiming()): Watcher {
  const cfn = new FakeAwsClient('CloudFormation');
  const heartbeats: WatchHeartbeat[] = [];
  env.on('heartbeat', (d: WatchHeartbeat) => heartbeats.push(d));
  const activities = createStackActivities(fakeClients(cfn), { loadStackInputs: async () => seedStackInputs(), timing });
  return {
    cfn,
    timing: timing as FakeTiming,
    heartbeats,
    run: (input = {}) => env.run(activities.watchStack, { ...WATCH, ...input }),
  };
}

/** Answers DescribeStacks with `statuses` one poll at a time (the last one repeats). */
function statuses(cfn: FakeAwsClient, ...list: string[]): void {
  let i = 0;
  cfn.on('DescribeStacks', () => ({ Stacks: [fakeStack({ status: list[Math.min(i++, list.length - 1)] ?? '' })] }));
}

/** Answers DescribeStackEvents with `events` (newest first). */
function events(cfn: FakeAwsClient, list: StackEvent[]): void {
  cfn.on('DescribeStackEvents', () => ({ StackEvents: list }));
}

describe('watchStack', () => {
  it('returns new events at once, oldest first, without sleeping', async () => {
    const w = watcher();
    statuses(w.cfn, 'CREATE_IN_PROGRESS');
    const e1 = fakeEvent('CREATE_IN_PROGRESS');
    const e2 = fakeEvent('CREATE_IN_PROGRESS', 'VPC', { ResourceType: 'AWS::EC2::VPC' });
    const e3 = fakeEvent('CREATE_COMPLETE', 'VPC', { ResourceType: 'AWS::EC2::VPC' });
    events(w.cfn, [e3, e2, e1]);
    const result = await w.run({ afterEventId: e1.EventId });
    assert.deepEqual(
      result.events.map((e) => [e.eventId, e.logicalId, e.status]),
      [
        [e2.EventId, 'VPC', 'CREATE_IN_PROGRESS'],
        [e3.EventId, 'VPC', 'CREATE_COMPLETE'],
      ],
    );
    assert.equal(result.settled, false);
    assert.equal(result.status, 'CREATE_IN_PROGRESS');
    assert.deepEqual(w.timing.sleeps, []);
    assert.equal(result.events[0]?.timestamp, e2.Timestamp?.toISOString());
  });

  it('pages back with NextToken only as far as the cursor', async () => {
    const w = watcher();
    statuses(w.cfn, 'CREATE_IN_PROGRESS');
    const [e1, e2, e3, e4, e5, e6] = Array.from({ length: 6 }, (_, i) => fakeEvent('CREATE_IN_PROGRESS', `R${i + 1}`));
    const pages: Record<string, { StackEvents: StackEvent[]; NextToken?: string }> = {
      first: { StackEvents: [e6!, e5!], NextToken: 't1' },
      t1: { StackEvents: [e4!, e3!], NextToken: 't2' },
      t2: { StackEvents: [e2!, e1!] },
    };
    w.cfn.on('DescribeStackEvents', (input) => pages[String(input['NextToken'] ?? 'first')]);
    const result = await w.run({ afterEventId: e3!.EventId });
    assert.deepEqual(result.events.map((e) => e.logicalId), ['R4', 'R5', 'R6']);
    assert.deepEqual(w.cfn.callsOf('DescribeStackEvents').map((i) => i['NextToken']), [undefined, 't1']);
  });

  it('backs off 2 s ×1.5 with full jitter while nothing happens, heartbeating, until maxWaitSeconds', async () => {
    const w = watcher(new MockActivityEnvironment(), fakeTiming(() => 0.5));
    statuses(w.cfn, 'CREATE_IN_PROGRESS');
    const e1 = fakeEvent('CREATE_IN_PROGRESS');
    events(w.cfn, [e1]);
    const result = await w.run({ afterEventId: e1.EventId, maxWaitSeconds: 20 });
    assert.deepEqual(result, { status: 'CREATE_IN_PROGRESS', settled: false, succeeded: false, events: [], failures: [] });
    // Half of each ceiling (random 0.5), the last one cut to what is left of the 20 s.
    assert.deepEqual(w.timing.sleeps, [1000, 1500, 2250, 3375, 5062, 6813]);
    assert.deepEqual(
      w.heartbeats.map((h) => h.delayMs),
      [2000, 3000, 4500, 6750, 10125, 15188],
    );
    assert.ok(w.heartbeats.every((h) => h.afterEventId === e1.EventId));
  });

  it('returns as soon as the operation settles, also without new events', async () => {
    const w = watcher();
    statuses(w.cfn, 'CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE');
    const e1 = fakeEvent('CREATE_IN_PROGRESS');
    events(w.cfn, [e1]);
    const result = await w.run({ afterEventId: e1.EventId });
    assert.equal(result.settled, true);
    assert.equal(result.succeeded, true);
    assert.equal(result.status, 'CREATE_COMPLETE');
    assert.equal(w.timing.sleeps.length, 2);
  });

  it('reports the resources behind UPDATE_ROLLBACK_FAILED, root causes first, without the cancelled bystanders', async () => {
    const w = watcher();
    statuses(w.cfn, 'UPDATE_ROLLBACK_FAILED');
    const newestFirst = [
      fakeEvent('UPDATE_ROLLBACK_FAILED', 'kube-cluster', { ResourceStatusReason: 'The following resource(s) failed to update: [LaunchTemplateWorker]' }),
      fakeEvent('UPDATE_FAILED', 'LaunchTemplateWorker', { ResourceType: 'AWS::EC2::LaunchTemplate', ResourceStatusReason: 'Rate exceeded while rolling back' }),
      fakeEvent('UPDATE_ROLLBACK_IN_PROGRESS', 'kube-cluster', { ResourceStatusReason: 'The following resource(s) failed to create: [InstanceController]' }),
      fakeEvent('CREATE_FAILED', 'AutoScaleWorker', { ResourceType: 'AWS::AutoScaling::AutoScalingGroup', ResourceStatusReason: 'Resource creation cancelled' }),
      fakeEvent('CREATE_FAILED', 'InstanceController', { ResourceStatusReason: "The image id '[ami-1]' does not exist" }),
      fakeEvent('UPDATE_IN_PROGRESS', 'kube-cluster', { EventId: 'ev-start' }),
      // An earlier operation's failure: not this one's.
      fakeEvent('CREATE_FAILED', 'OldThing', { ResourceStatusReason: 'long ago' }),
    ];
    events(w.cfn, newestFirst);
    const result = await w.run({ operation: 'UPDATE', afterEventId: 'ev-start' });
    assert.equal(result.settled, true);
    assert.equal(result.succeeded, false);
    assert.deepEqual(result.failures, [
      { logicalId: 'InstanceController', resourceType: 'AWS::EC2::Instance', status: 'CREATE_FAILED', reason: "The image id '[ami-1]' does not exist" },
      { logicalId: 'LaunchTemplateWorker', resourceType: 'AWS::EC2::LaunchTemplate', status: 'UPDATE_FAILED', reason: 'Rate exceeded while rolling back' },
    ]);
    assert.equal(result.events.length, 5);
  });

  it('falls back to the stack status reason when no resource failed', async () => {
    const w = watcher();
    w.cfn.on('DescribeStacks', () => ({ Stacks: [fakeStack({ status: 'ROLLBACK_COMPLETE', statusReason: 'The following resource(s) failed to create: [X]' })] }));
    events(w.cfn, [fakeEvent('ROLLBACK_COMPLETE'), fakeEvent('ROLLBACK_IN_PROGRESS'), fakeEvent('CREATE_IN_PROGRESS')]);
    const result = await w.run();
    assert.deepEqual(result.failures, [
      { logicalId: 'kube-cluster', resourceType: 'AWS::CloudFormation::Stack', status: 'ROLLBACK_COMPLETE', reason: 'The following resource(s) failed to create: [X]' },
    ]);
  });

  it('calls a vanished stack deleted: success for DELETE, failure for CREATE (OnFailure=DELETE)', async () => {
    const w = watcher();
    w.cfn.on('DescribeStacks', () => {
      throw stackMissing(STACK_ID);
    });
    w.cfn.on('DescribeStackEvents', () => {
      throw stackMissing(STACK_ID);
    });
    assert.deepEqual(await w.run({ operation: 'DELETE' }), { status: 'DELETE_COMPLETE', settled: true, succeeded: true, events: [], failures: [] });
    const create = await w.run({ operation: 'CREATE' });
    assert.equal(create.settled, true);
    assert.equal(create.succeeded, false);
  });

  it('reports DELETE_FAILED with the resources that would not go', async () => {
    const w = watcher();
    statuses(w.cfn, 'DELETE_FAILED');
    events(w.cfn, [
      fakeEvent('DELETE_FAILED', 'kube-cluster', { ResourceStatusReason: 'The following resource(s) failed to delete: [VPC]' }),
      fakeEvent('DELETE_FAILED', 'VPC', { ResourceType: 'AWS::EC2::VPC', ResourceStatusReason: 'The vpc has dependencies and cannot be deleted' }),
      fakeEvent('DELETE_IN_PROGRESS'),
    ]);
    const result = await w.run({ operation: 'DELETE' });
    assert.equal(result.succeeded, false);
    assert.deepEqual(result.failures.map((f) => [f.logicalId, f.status]), [['VPC', 'DELETE_FAILED']]);
  });

  it('resumes a retried attempt from the heartbeat: same cursor, same backoff', async () => {
    const env = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: { afterEventId: 'ev-5', delayMs: 15188 } satisfies WatchHeartbeat });
    const w = watcher(env, fakeTiming(() => 0.5));
    statuses(w.cfn, 'CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS');
    const e6 = fakeEvent('CREATE_COMPLETE', 'VPC');
    let polls = 0;
    w.cfn.on('DescribeStackEvents', () => ({ StackEvents: polls++ === 0 ? [fakeEvent('x', 'R', { EventId: 'ev-5' })] : [e6, fakeEvent('x', 'R', { EventId: 'ev-5' })] }));
    const result = await w.run({ afterEventId: 'ev-1' });
    assert.deepEqual(w.timing.sleeps, [7594]);
    assert.deepEqual(result.events.map((e) => e.eventId), [e6.EventId]);
  });

  it('hands over at most 250 events a call, and is not settled until all are handed over', async () => {
    const w = watcher();
    statuses(w.cfn, 'CREATE_COMPLETE');
    const many = Array.from({ length: 300 }, (_, i) => fakeEvent('CREATE_COMPLETE', `R${i}`)).reverse();
    events(w.cfn, many);
    const result = await w.run();
    assert.equal(result.events.length, 250);
    assert.equal(result.events[0]?.logicalId, 'R0');
    assert.equal(result.settled, false);
  });

  it('stops waiting when the workflow cancels it', async () => {
    const env = new MockActivityEnvironment();
    const sleepUntilAborted: PollTiming['sleep'] = (_ms, signal) =>
      new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new CancelledFailure('CANCELLED'))));
    const w = watcher(env, { ...fakeTiming(), sleep: sleepUntilAborted });
    statuses(w.cfn, 'CREATE_IN_PROGRESS');
    events(w.cfn, []);
    const running = w.run();
    setImmediate(() => env.cancel());
    await assert.rejects(running, CancelledFailure);
  });

  it('stops the real sleep too (Context.sleep) when cancelled', async () => {
    const env = new MockActivityEnvironment();
    const cfn = new FakeAwsClient('CloudFormation');
    statuses(cfn, 'CREATE_IN_PROGRESS');
    events(cfn, []);
    const activities = createStackActivities(fakeClients(cfn), { loadStackInputs: async () => seedStackInputs(), timing: { random: () => 0.99 } });
    env.on('heartbeat', () => setImmediate(() => env.cancel()));
    await assert.rejects(env.run(activities.watchStack, WATCH), CancelledFailure);
  });
});
