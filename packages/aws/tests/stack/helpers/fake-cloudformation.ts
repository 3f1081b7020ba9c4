/**
 * A fake CloudFormation client for the rare branches moto cannot reach (UPDATE_ROLLBACK_FAILED,
 * DELETE_FAILED, paging, throttling): `send(command)` dispatches on the command's class name to a
 * handler the test registered, and records every call.
 */
import type { Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../../../src/clients.js';
import { STACK_OWNER_TAG, STACK_TOKEN_TAG } from '../../../src/contract.js';

type Handler = (input: Record<string, unknown>) => unknown;

export interface FakeCall {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

export class FakeAwsClient {
  readonly calls: FakeCall[] = [];
  private readonly handlers = new Map<string, Handler>();

  constructor(private readonly service: string) {}

  /** Answers `command` (without the `Command` suffix) with `handler`, replacing any earlier one. */
  on(command: string, handler: Handler): this {
    this.handlers.set(command, handler);
    return this;
  }

  async send(command: { readonly input: unknown }): Promise<unknown> {
    const name = command.constructor.name.replace(/Command$/, '');
    const input = command.input as Record<string, unknown>;
    this.calls.push({ command: name, input });
    const handler = this.handlers.get(name);
    if (handler === undefined) throw new Error(`fake ${this.service}: no handler for ${name}`);
    return handler(input);
  }

  callsOf(command: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.input);
  }

  commands(): string[] {
    return this.calls.map((c) => c.command);
  }
}

/** An error shaped like an AWS SDK v3 service exception. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  const e = new Error(message) as Error & Record<string, unknown>;
  e.name = name;
  e['$fault'] = httpStatusCode >= 500 ? 'server' : 'client';
  e['$metadata'] = { httpStatusCode, requestId: 'req-1' };
  return e;
}

export function stackMissing(name: string): Error {
  return awsError('ValidationError', `Stack with id ${name} does not exist`);
}

export const STACK_ID = 'arn:aws:cloudformation:us-west-1:123456789012:stack/kube-cluster/11111111-2222-3333-4444-555555555555';

export interface FakeStackOptions {
  readonly status: string;
  readonly statusReason?: string;
  readonly owner?: string | null;
  readonly createToken?: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly outputs?: Readonly<Record<string, string>>;
}

/** A DescribeStacks `Stack` for kube-cluster (owned by kube-cluster unless `owner` says otherwise). */
export function fakeStack(o: FakeStackOptions): Stack {
  const tags: Record<string, string> = { ...o.tags };
  if (o.owner !== null) tags[STACK_OWNER_TAG] = o.owner ?? 'kube-cluster';
  if (o.createToken !== undefined) tags[STACK_TOKEN_TAG] = o.createToken;
  return {
    StackId: STACK_ID,
    StackName: 'kube-cluster',
    StackStatus: o.status as Stack['StackStatus'],
    ...(o.statusReason === undefined ? {} : { StackStatusReason: o.statusReason }),
    CreationTime: new Date('2026-11-01T00:00:00Z'),
    Parameters: Object.entries(o.parameters ?? {}).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    Outputs: Object.entries(o.outputs ?? {}).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
  };
}

let eventSeq = 0;

/** A stack event; `logicalId` defaults to the stack itself. */
export function fakeEvent(status: string, logicalId = 'kube-cluster', more: Partial<StackEvent> = {}): StackEvent {
  eventSeq += 1;
  const isStack = logicalId === 'kube-cluster';
  return {
    StackId: STACK_ID,
    StackName: 'kube-cluster',
    EventId: more.EventId ?? `ev-${eventSeq}`,
    Timestamp: new Date(Date.UTC(2026, 10, 1, 0, 0, eventSeq)),
    LogicalResourceId: logicalId,
    ResourceType: isStack ? 'AWS::CloudFormation::Stack' : (more.ResourceType ?? 'AWS::EC2::Instance'),
    ResourceStatus: status as StackEvent['ResourceStatus'],
    ...more,
  };
}

/** Clients for `createStackActivities` whose CloudFormation (and S3) are fakes. */
/** The principal the fake STS says the credentials are, and the bucket-policy patterns it becomes. */
export const DEPLOYER_SESSION = 'arn:aws:sts::123456789012:assumed-role/kube-aws-deployer/alice';
export const DEPLOYER_PATTERNS = 'arn:aws:iam::123456789012:role/kube-aws-deployer,arn:aws:iam::123456789012:role/*/kube-aws-deployer';

export function fakeSts(arn = DEPLOYER_SESSION): FakeAwsClient {
  return new FakeAwsClient('STS').on('GetCallerIdentity', () => ({ Account: '123456789012', Arn: arn }));
}

export function fakeClients(cfn: FakeAwsClient, s3: FakeAwsClient = new FakeAwsClient('S3'), sts: FakeAwsClient = fakeSts()): (region: string) => AwsClients {
  return () => ({ cloudFormation: cfn, s3, sts }) as unknown as AwsClients;
}
