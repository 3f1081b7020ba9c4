import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStackCommand, DeleteStackCommand, GetTemplateCommand, DescribeStackResourcesCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { Sandbox } from '../src/index.js';
import { SMALL_TEMPLATE, SMALL_TEMPLATE_PLUS, allEvents, cloudFormation, eventLines, indexOf, stackStatus, testSandbox, waitForSettled } from './helpers.js';

async function waitUntilGone(cfn: CloudFormationClient, stackName: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const err = await stackStatus(cfn, stackName).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    if (err) {
      assert.equal(err.message, `Stack with id ${stackName} does not exist`);
      return;
    }
    assert.ok(Date.now() < deadline, `${stackName} never went away`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('injected resource failures', () => {
  let sandbox: Sandbox;
  let cfn: CloudFormationClient;
  before(async () => {
    sandbox = await testSandbox();
    cfn = await cloudFormation(sandbox);
  });
  after(async () => {
    cfn?.destroy();
    await sandbox?.stop();
  });

  it('OnFailure DO_NOTHING: the resource is CREATE_FAILED with the reason, the stack CREATE_FAILED, and it can be deleted', async () => {
    await sandbox.failResource('keep', 'Subnet', 'Insufficient capacity in us-west-1c');
    await cfn.send(new CreateStackCommand({ StackName: 'keep', TemplateBody: SMALL_TEMPLATE, OnFailure: 'DO_NOTHING' }));
    assert.deepEqual((await waitForSettled(cfn, 'keep')).slice(-1), ['CREATE_FAILED']);
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'keep' }))).Stacks?.[0];
    assert.equal(stack?.StackStatusReason, 'The following resource(s) failed to create: [Subnet]. ');
    const { events } = await allEvents(cfn, 'keep');
    const failed = events.find((e) => e.LogicalResourceId === 'Subnet' && e.ResourceStatus === 'CREATE_FAILED');
    assert.equal(failed?.ResourceStatusReason, 'Insufficient capacity in us-west-1c');
    assert.ok(!eventLines(events).some((l) => l.startsWith('Route ')), 'nothing starts after the failure');

    await cfn.send(new DeleteStackCommand({ StackName: 'keep' }));
    await waitUntilGone(cfn, 'keep');
  });

  it('OnFailure ROLLBACK (the default): created resources are deleted, the stack ends ROLLBACK_COMPLETE and can be deleted', async () => {
    await sandbox.failResource('roll', 'Route', 'Route target is not attached');
    await cfn.send(new CreateStackCommand({ StackName: 'roll', TemplateBody: SMALL_TEMPLATE }));
    const seen = await waitForSettled(cfn, 'roll');
    assert.deepEqual(seen.slice(-1), ['ROLLBACK_COMPLETE']);
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'roll' }))).Stacks?.[0];
    assert.equal(stack?.StackStatusReason, 'The following resource(s) failed to create: [Route]. Rollback requested by user.');
    assert.equal(stack?.Outputs, undefined);
    const lines = eventLines((await allEvents(cfn, 'roll')).events);
    assert.ok(indexOf(lines, 'Route CREATE_FAILED') < indexOf(lines, 'roll ROLLBACK_IN_PROGRESS'));
    for (const id of ['Vpc', 'Igw', 'Attach', 'RouteTable', 'Route', 'Subnet', 'Sg', 'Bucket']) {
      assert.ok(indexOf(lines, `${id} DELETE_COMPLETE`) < indexOf(lines, 'roll ROLLBACK_COMPLETE'), `${id} rolled back`);
    }
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'roll' }))).StackResources ?? [];
    assert.ok(resources.every((r) => r.ResourceStatus === 'DELETE_COMPLETE'));

    await cfn.send(new DeleteStackCommand({ StackName: 'roll' }));
    await waitUntilGone(cfn, 'roll');
  });

  it('OnFailure DELETE: the stack rolls back and disappears', async () => {
    await sandbox.failResource('gone', 'Sg', 'Security group limit exceeded');
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'gone', TemplateBody: SMALL_TEMPLATE, OnFailure: 'DELETE' }));
    await waitUntilGone(cfn, 'gone');
    const byId = (await cfn.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks?.[0];
    assert.equal(byId?.StackStatus, 'DELETE_COMPLETE');
    const lines = eventLines((await allEvents(cfn, StackId ?? '')).events);
    assert.ok(indexOf(lines, 'Sg CREATE_FAILED') < indexOf(lines, 'gone DELETE_IN_PROGRESS'));
  });

  it('DisableRollback means DO_NOTHING; a persistent failure fails every time', async () => {
    await sandbox.failResource('stubborn', 'Bucket', 'Bucket name taken', { persistent: true });
    await cfn.send(new CreateStackCommand({ StackName: 'stubborn', TemplateBody: SMALL_TEMPLATE, DisableRollback: true }));
    assert.deepEqual((await waitForSettled(cfn, 'stubborn')).slice(-1), ['CREATE_FAILED']);
    await cfn.send(new DeleteStackCommand({ StackName: 'stubborn' }));
    await waitUntilGone(cfn, 'stubborn');
    await cfn.send(new CreateStackCommand({ StackName: 'stubborn', TemplateBody: SMALL_TEMPLATE }));
    assert.deepEqual((await waitForSettled(cfn, 'stubborn')).slice(-1), ['ROLLBACK_COMPLETE']);
    await sandbox.clear();
  });

  it('a resource moto itself cannot create fails like on AWS (CREATE_FAILED with moto’s reason), not the CreateStack call', async () => {
    const template = JSON.parse(SMALL_TEMPLATE) as { Resources: Record<string, { Properties?: Record<string, unknown> }> };
    const subnet = template.Resources['Subnet'];
    assert.ok(subnet?.Properties);
    subnet.Properties['AvailabilityZone'] = 'us-west-1z';
    await cfn.send(new CreateStackCommand({ StackName: 'moto-says-no', TemplateBody: JSON.stringify(template), OnFailure: 'DO_NOTHING' }));
    assert.deepEqual((await waitForSettled(cfn, 'moto-says-no')).slice(-1), ['CREATE_FAILED']);
    const failed = (await allEvents(cfn, 'moto-says-no')).events.find((e) => e.ResourceStatus === 'CREATE_FAILED' && e.LogicalResourceId !== 'moto-says-no');
    assert.equal(failed?.LogicalResourceId, 'Subnet');
    assert.match(failed?.ResourceStatusReason ?? '', /us-west-1z/);
    await cfn.send(new DeleteStackCommand({ StackName: 'moto-says-no' }));
    await waitUntilGone(cfn, 'moto-says-no');
  });

  it('DeleteStack while CREATE_IN_PROGRESS cancels what is being created and deletes what was started', async () => {
    await sandbox.setPace(600);
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'impatient', TemplateBody: SMALL_TEMPLATE }));
    await cfn.send(new DeleteStackCommand({ StackName: 'impatient' }));
    await sandbox.setPace(50);
    await waitUntilGone(cfn, 'impatient');
    const lines = eventLines((await allEvents(cfn, StackId ?? '')).events);
    assert.ok(indexOf(lines, 'Vpc CREATE_FAILED') < indexOf(lines, 'impatient DELETE_IN_PROGRESS'), 'the running create is cancelled');
    assert.ok(indexOf(lines, 'Vpc DELETE_COMPLETE') < indexOf(lines, 'impatient DELETE_COMPLETE'));
    assert.ok(!lines.some((l) => l.startsWith('Subnet ')), 'what had not started never starts');
  });

  it('a failed update rolls back to UPDATE_ROLLBACK_COMPLETE and moto is put back to the old template', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'upd', TemplateBody: SMALL_TEMPLATE }));
    assert.deepEqual((await waitForSettled(cfn, 'upd')).slice(-1), ['CREATE_COMPLETE']);
    await sandbox.failResource('upd', 'Subnet2', 'The requested CIDR overlaps');
    // Slow enough that the second UpdateStack surely finds the first one running.
    await sandbox.setPace(600);
    await cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: SMALL_TEMPLATE_PLUS }));
    await sandbox.setPace(50);
    await assert.rejects(cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: SMALL_TEMPLATE })), (err: Error) => {
      assert.equal(err.name, 'ValidationError');
      assert.match(err.message, /is in UPDATE_\w*IN_PROGRESS state and can not be updated/);
      return true;
    });
    const seen = await waitForSettled(cfn, 'upd');
    assert.deepEqual(seen.slice(-1), ['UPDATE_ROLLBACK_COMPLETE']);
    const lines = eventLines((await allEvents(cfn, 'upd')).events);
    assert.ok(indexOf(lines, 'Subnet2 CREATE_FAILED') < indexOf(lines, 'upd UPDATE_ROLLBACK_IN_PROGRESS'));
    assert.ok(indexOf(lines, 'Subnet2 DELETE_COMPLETE') < indexOf(lines, 'upd UPDATE_ROLLBACK_COMPLETE'));
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'upd' }))).StackResources ?? [];
    assert.equal(resources.find((r) => r.LogicalResourceId === 'Subnet2')?.ResourceStatus, 'DELETE_COMPLETE');
    const template = (await cfn.send(new GetTemplateCommand({ StackName: 'upd' }))).TemplateBody ?? '';
    assert.ok(template.includes('"Subnet"') && !template.includes('Subnet2'), 'moto holds the template from before the update again');
    // The stack can be updated again (now without a failure).
    await cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: SMALL_TEMPLATE_PLUS }));
    assert.deepEqual((await waitForSettled(cfn, 'upd')).slice(-1), ['UPDATE_COMPLETE']);
  });
});
