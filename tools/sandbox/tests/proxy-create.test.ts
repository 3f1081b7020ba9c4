import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeInternetGatewaysCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Sandbox } from '../src/index.js';
import { SMALL_TEMPLATE, allEvents, clientConfig, cloudFormation, eventLines, indexOf, stackStatus, testSandbox, waitForSettled } from './helpers.js';

describe('paced CreateStack and DeleteStack', () => {
  let sandbox: Sandbox;
  let cfn: CloudFormationClient;
  before(async () => {
    // A slower pace here so the in-progress state is there to be seen; page size 4 to exercise paging.
    sandbox = await testSandbox({ paceMs: 400, eventPageSize: 4 });
    cfn = await cloudFormation(sandbox);
  });
  after(async () => {
    cfn?.destroy();
    await sandbox?.stop();
  });

  it('reports CREATE_IN_PROGRESS, then CREATE_COMPLETE, with per-resource events in dependency order', async () => {
    const created = await cfn.send(new CreateStackCommand({ StackName: 'paced', TemplateBody: SMALL_TEMPLATE, ClientRequestToken: 'create-1' }));
    assert.match(created.StackId ?? '', /^arn:aws:cloudformation:us-west-1:123456789012:stack\/paced\//);

    const first = (await cfn.send(new DescribeStacksCommand({ StackName: 'paced' }))).Stacks?.[0];
    assert.equal(first?.StackStatus, 'CREATE_IN_PROGRESS');
    assert.equal(first?.Outputs, undefined, 'no outputs before the stack is complete');

    const seen = await waitForSettled(cfn, 'paced');
    assert.deepEqual(seen.slice(-1), ['CREATE_COMPLETE']);
    const done = (await cfn.send(new DescribeStacksCommand({ StackName: 'paced' }))).Stacks?.[0];
    assert.match(done?.Outputs?.find((o) => o.OutputKey === 'VpcId')?.OutputValue ?? '', /^vpc-/);

    const { events, pages } = await allEvents(cfn, 'paced');
    assert.ok(pages.length > 1 && pages.slice(0, -1).every((n) => n === 4), `pages of 4 events: ${pages.join(',')}`);
    const times = events.map((e) => e.Timestamp?.getTime() ?? 0);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.equal(new Set(events.map((e) => e.EventId)).size, events.length, 'no event twice across pages');
    const lines = eventLines(events);
    assert.equal(lines[0], 'paced CREATE_IN_PROGRESS');
    assert.equal(lines.at(-1), 'paced CREATE_COMPLETE');
    for (const [dependency, dependent] of [
      ['Vpc', 'Subnet'],
      ['Vpc', 'Attach'],
      ['Igw', 'Attach'],
      ['Attach', 'Route'],
      ['RouteTable', 'Route'],
      ['Vpc', 'Sg'],
    ] as const) {
      assert.ok(
        indexOf(lines, `${dependency} CREATE_COMPLETE`) < indexOf(lines, `${dependent} CREATE_IN_PROGRESS`),
        `${dependent} starts after ${dependency} is complete`,
      );
    }
    assert.ok(events.every((e) => e.ClientRequestToken === 'create-1'), 'events carry the request token');
    const subnet = events.find((e) => e.LogicalResourceId === 'Subnet' && e.ResourceStatus === 'CREATE_COMPLETE');
    assert.match(subnet?.PhysicalResourceId ?? '', /^subnet-/);
  });

  it('answers a repeated CreateStack with the same token with the same StackId, never AlreadyExists', async () => {
    const a = await cfn.send(new CreateStackCommand({ StackName: 'paced', TemplateBody: SMALL_TEMPLATE, ClientRequestToken: 'create-1' }));
    const original = (await cfn.send(new DescribeStacksCommand({ StackName: 'paced' }))).Stacks?.[0]?.StackId;
    assert.equal(a.StackId, original);
    await assert.rejects(cfn.send(new CreateStackCommand({ StackName: 'paced', TemplateBody: SMALL_TEMPLATE, ClientRequestToken: 'another' })), {
      name: 'AlreadyExistsException',
    });
  });

  it('shows resources with their virtual status', async () => {
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'paced' }))).StackResources ?? [];
    assert.deepEqual(resources.map((r) => r.LogicalResourceId).sort(), ['Attach', 'Bucket', 'Igw', 'Route', 'RouteTable', 'Sg', 'Subnet', 'Vpc']);
    assert.ok(resources.every((r) => r.ResourceStatus === 'CREATE_COMPLETE'));
    const vpc = (await cfn.send(new DescribeStackResourceCommand({ StackName: 'paced', LogicalResourceId: 'Vpc' }))).StackResourceDetail;
    assert.match(vpc?.PhysicalResourceId ?? '', /^vpc-/);
  });

  it('deletes at the pace; the stack is then gone by name but DELETE_COMPLETE by id, as on AWS', async () => {
    const stackId = (await cfn.send(new DescribeStacksCommand({ StackName: 'paced' }))).Stacks?.[0]?.StackId ?? '';
    const vpcId = (await cfn.send(new DescribeStackResourceCommand({ StackName: 'paced', LogicalResourceId: 'Vpc' }))).StackResourceDetail?.PhysicalResourceId;
    await cfn.send(new DeleteStackCommand({ StackName: 'paced', ClientRequestToken: 'delete-1' }));
    assert.equal(await stackStatus(cfn, 'paced'), 'DELETE_IN_PROGRESS');
    await cfn.send(new DeleteStackCommand({ StackName: 'paced', ClientRequestToken: 'delete-1' }));

    const deadline = Date.now() + 60_000;
    let gone: unknown;
    while (!gone) {
      gone = await stackStatus(cfn, 'paced').then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(Date.now() < deadline, 'stack still there by name');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((gone as Error).name, 'ValidationError');
    assert.equal((gone as Error).message, 'Stack with id paced does not exist');

    const byId = (await cfn.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks?.[0];
    assert.equal(byId?.StackStatus, 'DELETE_COMPLETE');
    assert.ok(byId?.DeletionTime instanceof Date);
    const listed = (await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))).StackSummaries ?? [];
    assert.ok(listed.some((s) => s.StackId === stackId));

    const lines = eventLines((await allEvents(cfn, stackId)).events);
    assert.ok(indexOf(lines, 'Route DELETE_COMPLETE') < indexOf(lines, 'RouteTable DELETE_IN_PROGRESS'), 'dependents go first');
    assert.ok(indexOf(lines, 'Subnet DELETE_COMPLETE') < indexOf(lines, 'Vpc DELETE_IN_PROGRESS'));
    assert.equal(lines.at(-1), 'paced DELETE_COMPLETE');

    // moto's own DeleteStack of this stack fails inside (routes and the gateway attachment block
    // the VPC); the proxy takes the leftovers down, so nothing of the stack remains, as on AWS.
    const ec2 = new EC2Client(clientConfig(sandbox));
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    const gateways = (await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways ?? [];
    ec2.destroy();
    assert.ok(!vpcs.some((v) => v.VpcId === vpcId), `VPC ${vpcId} left behind`);
    assert.deepEqual(gateways, [], 'no internet gateway left behind');
  });

  it('lets the same name be created again after the delete', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'paced', TemplateBody: SMALL_TEMPLATE }));
    assert.deepEqual((await waitForSettled(cfn, 'paced')).slice(-1), ['CREATE_COMPLETE']);
  });
});
