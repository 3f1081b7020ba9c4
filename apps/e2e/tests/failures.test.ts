/**
 * What goes wrong, and that it is never a dead end: a resource CloudFormation fails (injected by
 * the sandbox's proxy), a missing key pair, and destroying a stack left in CREATE_FAILED.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clusterWorkflowId } from '@kube-aws/workflows';
import { liveStacks } from './helpers/aws.js';
import { describeRun, startHarness } from './helpers/harness.js';
import type { Harness } from './helpers/harness.js';
import { seedCluster } from './helpers/seed-cluster.js';
import { activityAttempts, workflowHistory } from './helpers/temporal.js';

const LONG = { timeout: 600_000 };

describe('failures on the sandbox', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ paceMs: 100 });
  }, LONG);
  after(async () => h?.stop(), LONG);

  test('a failed resource is reported with its reason, and up --recreate recovers', LONG, async () => {
    const dir = await seedCluster(h, { name: 'broken' });
    await h.sandbox.failResource('broken', 'InstanceController', 'We currently do not have sufficient t2.micro capacity (injected)');
    const failed = await h.kubeAws(['up'], dir);
    assert.equal(failed.code, 1, describeRun(failed));
    const out = failed.stdout + failed.stderr;
    assert.match(out, /InstanceController/);
    assert.match(out, /sufficient t2\.micro capacity/);
    assert.match(out, /--recreate|destroy/, 'says how to recover');

    const recreated = await h.kubeAws(['up', '--recreate'], dir);
    assert.equal(recreated.code, 0, describeRun(recreated));
    assert.match(recreated.stdout, /Cluster Name:\s+broken/);
    const stacks = await liveStacks(h.sandbox, 'broken');
    assert.equal(stacks.length, 1, JSON.stringify(stacks));
  });

  test('a missing key pair fails fast, naming it, without a retry loop', LONG, async () => {
    const dir = await seedCluster(h, { name: 'nokey', edits: { keyName: 'no-such-key' } });
    const r = await h.kubeAws(['up'], dir);
    assert.equal(r.code, 2, describeRun(r));
    assert.match(r.stdout + r.stderr, /no-such-key/);
    assert.match(r.stdout + r.stderr, /key pair/i);
    assert.equal((await liveStacks(h.sandbox, 'nokey')).length, 0, 'nothing was created');

    const history = await workflowHistory(h.env['TEMPORAL_ADDRESS'] ?? '', clusterWorkflowId(h.sandbox.account, h.sandbox.region, 'nokey'));
    const attempts = activityAttempts(history).get('preflight');
    assert.deepEqual(attempts, [1], 'preflight ran once: a missing key pair is not retried');
  });

  test('destroy removes a stack left in CREATE_FAILED', LONG, async () => {
    const dir = await seedCluster(h, { name: 'halfmade' });
    await h.sandbox.failResource('halfmade', 'AssetsBucket', 'Bucket name already taken (injected)');
    const failed = await h.kubeAws(['up'], dir);
    assert.equal(failed.code, 1, describeRun(failed));
    const [stack] = await liveStacks(h.sandbox, 'halfmade');
    assert.equal(stack?.status, 'CREATE_FAILED', 'kube-aws keeps a failed stack for inspection (OnFailure DO_NOTHING)');

    const destroyed = await h.kubeAws(['destroy'], dir);
    assert.equal(destroyed.code, 0, describeRun(destroyed));
    assert.equal((await liveStacks(h.sandbox, 'halfmade')).length, 0);
  });
});
