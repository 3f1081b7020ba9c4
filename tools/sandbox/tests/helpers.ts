/**
 * Test helpers: a sandbox per test file (real moto, real proxy, random ports), AWS clients on its
 * endpoint, a small template of our own, and polling until a stack settles.
 */
import assert from 'node:assert/strict';
import { CloudFormationClient, DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { startSandbox } from '../src/index.js';
import type { Sandbox, SandboxOptions } from '../src/index.js';

export const CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

/** moto + proxy (no Temporal unless asked), fast pace. */
export function testSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ paceMs: 50, temporal: false, ...options });
}

export function clientConfig(sandbox: Sandbox, maxAttempts = 1) {
  return { endpoint: sandbox.awsEndpoint, region: sandbox.region, credentials: CREDENTIALS, maxAttempts };
}

/**
 * A CloudFormation client on the proxy, warmed up: the SDK's first call in a process loads most of
 * it (over a second on a busy machine), which would eat into the paced windows tests look at.
 */
export async function cloudFormation(sandbox: Sandbox, maxAttempts = 1): Promise<CloudFormationClient> {
  const cfn = new CloudFormationClient(clientConfig(sandbox, maxAttempts));
  await cfn.send(new ListStacksCommand({}));
  return cfn;
}

/**
 * VPC, subnet in the seed's AZ, internet gateway with its attachment, route table and default
 * route (moto's DeleteStack fails inside on these, as the proxy must hide), security group, bucket.
 */
export const SMALL_TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'sandbox test stack',
  Parameters: { Env: { Type: 'String', Default: 'test' } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-west-1c' } },
    Igw: { Type: 'AWS::EC2::InternetGateway' },
    Attach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Igw' } } },
    RouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    Route: {
      Type: 'AWS::EC2::Route',
      DependsOn: 'Attach',
      Properties: { RouteTableId: { Ref: 'RouteTable' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } },
    },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: { 'Fn::Sub': 'sg ${Env}' }, VpcId: { Ref: 'Vpc' } } },
    Bucket: { Type: 'AWS::S3::Bucket' },
  },
  Outputs: { VpcId: { Value: { Ref: 'Vpc' } } },
});

/** The same stack with one more resource (for updates). */
export const SMALL_TEMPLATE_PLUS = JSON.stringify({
  ...JSON.parse(SMALL_TEMPLATE),
  Resources: {
    ...JSON.parse(SMALL_TEMPLATE).Resources,
    Subnet2: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-west-1b' } },
  },
});

export async function stackStatus(cfn: CloudFormationClient, stackName: string): Promise<string> {
  const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
  return out.Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
}

/** Polls until the status is not *_IN_PROGRESS; returns every status seen, in order. */
export async function waitForSettled(cfn: CloudFormationClient, stackName: string, deadlineMs = 60_000): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const status = await stackStatus(cfn, stackName);
    if (seen.at(-1) !== status) seen.push(status);
    if (!status.endsWith('_IN_PROGRESS')) return seen;
    assert.ok(Date.now() < deadline, `stack ${stackName} still ${status}; seen ${seen.join(' → ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every event through NextToken paging, newest first as AWS lists them; also the pages' sizes. */
export async function allEvents(cfn: CloudFormationClient, stackName: string): Promise<{ events: StackEvent[]; pages: number[] }> {
  const events: StackEvent[] = [];
  const pages: number[] = [];
  let token: string | undefined;
  do {
    const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, ...(token ? { NextToken: token } : {}) }));
    events.push(...(out.StackEvents ?? []));
    pages.push(out.StackEvents?.length ?? 0);
    token = out.NextToken;
  } while (token);
  return { events, pages };
}

/** `Logical STATUS` lines, oldest first. */
export function eventLines(events: readonly StackEvent[]): string[] {
  return [...events].reverse().map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`);
}

export function indexOf(lines: readonly string[], line: string): number {
  const i = lines.indexOf(line);
  assert.ok(i >= 0, `no event "${line}" in:\n${lines.join('\n')}`);
  return i;
}

/** Waits until change set `id` is ready to execute; fails on FAILED or after 30 s. Returns `id`. */
export async function waitForChangeSet(cfn: CloudFormationClient, id: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id }));
    if (cs.Status === 'CREATE_COMPLETE') return id;
    assert.notEqual(cs.Status, 'FAILED', cs.StatusReason);
    assert.ok(Date.now() < deadline, `change set still ${cs.Status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
