import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStacksCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { Sandbox } from '../src/index.js';
import { SMALL_TEMPLATE, SMALL_TEMPLATE_PLUS, allEvents, cloudFormation, eventLines, indexOf, testSandbox, waitForSettled } from './helpers.js';

async function waitForChangeSet(cfn: CloudFormationClient, id: string): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id }));
    if (seen.at(-1) !== cs.Status) seen.push(cs.Status ?? '');
    if (cs.Status === 'CREATE_COMPLETE' || cs.Status === 'FAILED') return seen;
    assert.ok(Date.now() < deadline, `change set still ${cs.Status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('change sets', () => {
  let sandbox: Sandbox;
  let cfn: CloudFormationClient;
  before(async () => {
    sandbox = await testSandbox({ changeSetPaceMs: 2000 });
    cfn = await cloudFormation(sandbox);
  });
  after(async () => {
    cfn?.destroy();
    await sandbox?.stop();
  });

  it('CREATE: pending first (not executable yet), then CREATE_COMPLETE, then executed at the pace', async () => {
    const made = await cfn.send(
      new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'create-1', ChangeSetType: 'CREATE', TemplateBody: SMALL_TEMPLATE, ClientToken: 'cs-token' }),
    );
    const pending = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: made.Id }));
    assert.match(pending.Status ?? '', /^CREATE_(PENDING|IN_PROGRESS)$/);
    assert.equal(pending.ExecutionStatus, 'UNAVAILABLE');
    await assert.rejects(cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: made.Id })), { name: 'InvalidChangeSetStatusException' });
    const again = await cfn.send(
      new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'create-1', ChangeSetType: 'CREATE', TemplateBody: SMALL_TEMPLATE, ClientToken: 'cs-token' }),
    );
    assert.equal(again.Id, made.Id, 'same ClientToken, same change set');
    assert.equal((await cfn.send(new DescribeStacksCommand({ StackName: 'cs' }))).Stacks?.[0]?.StackStatus, 'REVIEW_IN_PROGRESS');

    assert.deepEqual((await waitForChangeSet(cfn, made.Id ?? '')).slice(-1), ['CREATE_COMPLETE']);
    const ready = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: 'create-1', StackName: 'cs' }));
    assert.equal(ready.ExecutionStatus, 'AVAILABLE');
    assert.deepEqual(
      (ready.Changes ?? []).map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`).sort(),
      ['Add Attach', 'Add Bucket', 'Add Igw', 'Add Route', 'Add RouteTable', 'Add Sg', 'Add Subnet', 'Add Vpc'],
    );

    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: made.Id, ClientRequestToken: 'exec-1' }));
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: made.Id, ClientRequestToken: 'exec-1' }));
    const seen = await waitForSettled(cfn, 'cs');
    assert.deepEqual(seen.slice(-1), ['CREATE_COMPLETE']);
    assert.equal((await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: made.Id }))).ExecutionStatus, 'EXECUTE_COMPLETE');
    const lines = eventLines((await allEvents(cfn, 'cs')).events);
    assert.deepEqual(lines.slice(0, 2), ['cs REVIEW_IN_PROGRESS', 'cs CREATE_IN_PROGRESS']);
    assert.ok(indexOf(lines, 'Vpc CREATE_COMPLETE') < indexOf(lines, 'Subnet CREATE_IN_PROGRESS'));
  });

  it('refuses a CREATE change set for a stack that exists', async () => {
    await assert.rejects(
      cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'create-2', ChangeSetType: 'CREATE', TemplateBody: SMALL_TEMPLATE })),
      (err: Error) => err.name === 'ValidationError' && /already exists/.test(err.message),
    );
  });

  it('UPDATE: lists the added resource and executes as an update', async () => {
    const made = await cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'update-1', TemplateBody: SMALL_TEMPLATE_PLUS }));
    assert.deepEqual((await waitForChangeSet(cfn, made.Id ?? '')).slice(-1), ['CREATE_COMPLETE']);
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: made.Id }));
    assert.deepEqual((cs.Changes ?? []).map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`), ['Add Subnet2']);
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: made.Id }));
    const seen = await waitForSettled(cfn, 'cs');
    assert.deepEqual(seen.slice(-1), ['UPDATE_COMPLETE']);
    const lines = eventLines((await allEvents(cfn, 'cs')).events);
    const start = indexOf(lines, 'cs UPDATE_IN_PROGRESS');
    assert.deepEqual(lines.slice(start), [
      'cs UPDATE_IN_PROGRESS',
      'Subnet2 CREATE_IN_PROGRESS',
      'Subnet2 CREATE_IN_PROGRESS',
      'Subnet2 CREATE_COMPLETE',
      'cs UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'cs UPDATE_COMPLETE',
    ]);
  });
});
