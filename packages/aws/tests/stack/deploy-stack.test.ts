import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import { ApplicationFailure } from '@temporalio/common';
import { STACK_OWNER_TAG, STACK_TOKEN_TAG } from '../../src/contract.js';
import type { DeployStackInput, NodeConfigDigests } from '../../src/contract.js';
import type { AwsClients } from '../../src/clients.js';
import { createStackActivities } from '../../src/stack/index.js';
import type { StackInputs } from '../../src/stack/index.js';
import { awsError, DEPLOYER_PATTERNS, FakeAwsClient, fakeClients, fakeEvent, fakeStack, fakeSts, STACK_ID, stackMissing } from './helpers/fake-cloudformation.js';
import { fakeTiming } from './helpers/fake-timing.js';
import { seedStackInputs } from './helpers/stack-inputs.js';

const TOKEN = 'kube-aws-assets-run1';
const NODES_TOKEN = 'kube-aws-nodes-run1';
const DIGESTS: NodeConfigDigests = {
  controller: { path: 'nodes/controller/config.ign', sha512: 'a'.repeat(128), bytes: 10 },
  worker: { path: 'nodes/worker/config.ign', sha512: 'b'.repeat(128), bytes: 10 },
};
/** What preflight resolved the seed's kmsKeyArn to (here the same key ARN). */
const KEY_ARN = 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';
const ASSETS: DeployStackInput = { assetsUri: 'file:///c', phase: 'assets', imageId: 'ami-1', kmsKeyArn: KEY_ARN, onFailure: 'DO_NOTHING', token: TOKEN };
const NODES: DeployStackInput = { ...ASSETS, phase: 'nodes', digests: DIGESTS, token: NODES_TOKEN };
const NODE_PARAMS = {
  Phase: 'nodes',
  ImageId: 'ami-1',
  KmsKeyArn: KEY_ARN,
  DeployerPrincipalArns: DEPLOYER_PATTERNS,
  ControllerConfigSha512: 'a'.repeat(128),
  WorkerConfigSha512: 'b'.repeat(128),
};

interface FakeChangeSet {
  Status: string;
  ExecutionStatus: string;
  StatusReason?: string;
  /** DescribeChangeSet calls still answering CREATE_PENDING. */
  pendingPolls?: number;
}

/** A small stateful CloudFormation: one stack, its change sets and events (newest first). */
class World {
  readonly cfn = new FakeAwsClient('CloudFormation');
  readonly s3 = new FakeAwsClient('S3');
  stack: Stack | null = null;
  events: StackEvent[] = [];
  template = '';
  readonly changeSets = new Map<string, FakeChangeSet>();

  constructor() {
    this.cfn
      .on('DescribeStacks', () => {
        if (this.stack === null) throw stackMissing('kube-cluster');
        return { Stacks: [this.stack] };
      })
      .on('DescribeStackEvents', () => ({ StackEvents: this.events }))
      .on('GetTemplate', () => ({ TemplateBody: this.template }))
      .on('DescribeChangeSet', (input) => {
        const cs = this.changeSets.get(String(input['ChangeSetName']));
        if (cs === undefined) throw awsError('ChangeSetNotFoundException', `ChangeSet [${String(input['ChangeSetName'])}] does not exist`, 404);
        if ((cs.pendingPolls ?? 0) > 0) {
          cs.pendingPolls = (cs.pendingPolls ?? 0) - 1;
          return { StackId: STACK_ID, Status: 'CREATE_PENDING', ExecutionStatus: 'UNAVAILABLE' };
        }
        return { StackId: STACK_ID, Status: cs.Status, ExecutionStatus: cs.ExecutionStatus, StatusReason: cs.StatusReason };
      })
      .on('CreateChangeSet', (input) => {
        const name = String(input['ChangeSetName']);
        this.changeSets.set(name, { Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', pendingPolls: 2 });
        if (input['ChangeSetType'] === 'CREATE' && this.stack === null) {
          this.stack = fakeStack({ status: 'REVIEW_IN_PROGRESS', owner: null });
          this.events = [fakeEvent('REVIEW_IN_PROGRESS', 'kube-cluster', { EventId: 'ev-review' })];
        }
        return { Id: `arn:changeSet/${name}`, StackId: STACK_ID };
      })
      .on('ExecuteChangeSet', (input) => {
        const cs = this.changeSets.get(String(input['ChangeSetName']));
        if (cs) cs.ExecutionStatus = 'EXECUTE_IN_PROGRESS';
        return {};
      })
      .on('DeleteChangeSet', (input) => {
        this.changeSets.delete(String(input['ChangeSetName']));
        return {};
      });
  }

  activities(inputs: StackInputs = seedStackInputs()) {
    return createStackActivities(fakeClients(this.cfn, this.s3), { loadStackInputs: async () => inputs, timing: fakeTiming() });
  }
}

async function rejects(promise: Promise<unknown>, type: string, nonRetryable = true): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(e)}`);
    assert.equal(e.type, type, e.message);
    assert.equal(e.nonRetryable, nonRetryable, e.message);
    return e;
  }
  assert.fail(`expected a ${type} failure`);
}

describe('deployStack', () => {
  let world: World;
  beforeEach(() => {
    world = new World();
  });

  it('creates the stack through a CREATE change set with Phase=assets and the tags, then executes it once', async () => {
    const result = await world.activities().deployStack(ASSETS);
    assert.deepEqual(result, {
      stackName: 'kube-cluster',
      changeSetName: TOKEN,
      stackId: STACK_ID,
      operation: 'CREATE',
      noChanges: false,
      adopted: false,
      sinceEventId: 'ev-review',
    });
    const [create] = world.cfn.callsOf('CreateChangeSet');
    assert.ok(create);
    assert.equal(create['ChangeSetType'], 'CREATE');
    assert.equal(create['ChangeSetName'], TOKEN);
    assert.equal(create['ClientToken'], TOKEN);
    assert.equal(create['OnStackFailure'], 'DO_NOTHING');
    assert.deepEqual(create['Capabilities'], ['CAPABILITY_IAM']);
    assert.equal(typeof create['TemplateBody'], 'string');
    assert.deepEqual(create['Parameters'], [
      { ParameterKey: 'ControllerConfigSha512', ParameterValue: 'pending' },
      { ParameterKey: 'DeployerPrincipalArns', ParameterValue: DEPLOYER_PATTERNS },
      { ParameterKey: 'ImageId', ParameterValue: 'ami-1' },
      { ParameterKey: 'KmsKeyArn', ParameterValue: KEY_ARN },
      { ParameterKey: 'Phase', ParameterValue: 'assets' },
      { ParameterKey: 'WorkerConfigSha512', ParameterValue: 'pending' },
    ]);
    assert.deepEqual(create['Tags'], [
      { Key: 'Environment', Value: 'Production' },
      { Key: 'Name', Value: 'Kubernetes' },
      { Key: STACK_OWNER_TAG, Value: 'kube-cluster' },
      { Key: STACK_TOKEN_TAG, Value: TOKEN },
    ]);
    // Waited for the plan (two CREATE_PENDING answers), then executed with the same token.
    assert.deepEqual(world.cfn.callsOf('ExecuteChangeSet'), [{ StackName: 'kube-cluster', ChangeSetName: TOKEN, ClientRequestToken: TOKEN }]);
    assert.equal(world.cfn.callsOf('DescribeChangeSet').length, 4);
  });

  it('passes OnStackFailure through for creates', async () => {
    await world.activities().deployStack({ ...ASSETS, onFailure: 'DELETE' });
    assert.equal(world.cfn.callsOf('CreateChangeSet')[0]?.['OnStackFailure'], 'DELETE');
  });

  it('adopts the stack its token already created, without creating anything', async () => {
    world.stack = fakeStack({ status: 'CREATE_IN_PROGRESS', createToken: TOKEN });
    const result = await world.activities().deployStack(ASSETS);
    assert.equal(result.adopted, true);
    assert.equal(result.operation, 'CREATE');
    assert.equal(result.stackId, STACK_ID);
    assert.equal(result.sinceEventId, undefined);
    assert.deepEqual(world.cfn.commands(), ['DescribeStacks']);
  });

  it('executes a change set an earlier attempt created but never executed', async () => {
    world.stack = fakeStack({ status: 'REVIEW_IN_PROGRESS', createToken: TOKEN });
    world.events = [fakeEvent('REVIEW_IN_PROGRESS', 'kube-cluster', { EventId: 'ev-review' })];
    world.changeSets.set(TOKEN, { Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    const result = await world.activities().deployStack(ASSETS);
    assert.equal(result.adopted, true);
    assert.equal(result.noChanges, false);
    assert.equal(world.cfn.callsOf('CreateChangeSet').length, 0);
    assert.equal(world.cfn.callsOf('ExecuteChangeSet').length, 1);
  });

  it('adopts a change set already executed, starting the watch where its events begin', async () => {
    world.stack = fakeStack({ status: 'UPDATE_COMPLETE', parameters: { Phase: 'assets' }, createToken: TOKEN });
    world.changeSets.set(NODES_TOKEN, { Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_COMPLETE' });
    world.events = [
      fakeEvent('UPDATE_COMPLETE', 'kube-cluster', { ClientRequestToken: NODES_TOKEN }),
      fakeEvent('CREATE_COMPLETE', 'InstanceController', { ClientRequestToken: NODES_TOKEN }),
      fakeEvent('UPDATE_IN_PROGRESS', 'kube-cluster', { ClientRequestToken: NODES_TOKEN }),
      fakeEvent('CREATE_COMPLETE', 'kube-cluster', { EventId: 'ev-before', ClientRequestToken: TOKEN }),
    ];
    const result = await world.activities().deployStack(NODES);
    assert.equal(result.adopted, true);
    assert.equal(result.operation, 'UPDATE');
    assert.equal(result.sinceEventId, 'ev-before');
    assert.equal(world.cfn.callsOf('ExecuteChangeSet').length, 0);
  });

  it('updates to Phase=nodes with the digests, keeping the create token, and can stop at UPDATE_FAILED', async () => {
    world.stack = fakeStack({ status: 'CREATE_COMPLETE', parameters: { Phase: 'assets' }, createToken: TOKEN, tags: { Name: 'Kubernetes', Environment: 'Production' } });
    world.events = [fakeEvent('CREATE_COMPLETE', 'kube-cluster', { EventId: 'ev-created' })];
    const result = await world.activities().deployStack(NODES);
    assert.equal(result.operation, 'UPDATE');
    assert.equal(result.sinceEventId, 'ev-created');
    const [create] = world.cfn.callsOf('CreateChangeSet');
    assert.equal(create?.['ChangeSetType'], 'UPDATE');
    assert.equal(create?.['OnStackFailure'], undefined);
    assert.deepEqual(
      Object.fromEntries((create?.['Parameters'] as { ParameterKey: string; ParameterValue: string }[]).map((p) => [p.ParameterKey, p.ParameterValue])),
      NODE_PARAMS,
    );
    assert.ok((create?.['Tags'] as { Key: string; Value: string }[]).some((t) => t.Key === STACK_TOKEN_TAG && t.Value === TOKEN));
    assert.equal(world.cfn.callsOf('ExecuteChangeSet')[0]?.['DisableRollback'], true);
  });

  it('lets a failed update roll back when onFailure is ROLLBACK', async () => {
    world.stack = fakeStack({ status: 'CREATE_COMPLETE', parameters: { Phase: 'assets' }, createToken: TOKEN });
    await world.activities().deployStack({ ...NODES, onFailure: 'ROLLBACK' });
    assert.equal(world.cfn.callsOf('ExecuteChangeSet')[0]?.['DisableRollback'], undefined);
  });

  it('reports noChanges without a change set when template, parameters and tags already match', async () => {
    const inputs = seedStackInputs();
    world.stack = fakeStack({ status: 'UPDATE_COMPLETE', parameters: NODE_PARAMS, createToken: TOKEN, tags: { Name: 'Kubernetes', Environment: 'Production' } });
    world.template = inputs.templateBody;
    const result = await world.activities(inputs).deployStack(NODES);
    assert.equal(result.noChanges, true);
    assert.equal(world.cfn.callsOf('CreateChangeSet').length, 0);
  });

  it("reports noChanges when CloudFormation's change set says it didn't contain changes", async () => {
    world.stack = fakeStack({ status: 'UPDATE_COMPLETE', parameters: NODE_PARAMS, createToken: TOKEN });
    world.template = 'an older template';
    world.cfn.on('CreateChangeSet', (input) => {
      world.changeSets.set(String(input['ChangeSetName']), {
        Status: 'FAILED',
        ExecutionStatus: 'UNAVAILABLE',
        StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
      });
      return { StackId: STACK_ID };
    });
    const result = await world.activities().deployStack(NODES);
    assert.equal(result.noChanges, true);
    assert.equal(world.cfn.callsOf('ExecuteChangeSet').length, 0);
    assert.equal(world.cfn.callsOf('DeleteChangeSet').length, 1);
  });

  it("treats moto's \"No updates are to be performed\" the same way", async () => {
    world.stack = fakeStack({ status: 'UPDATE_COMPLETE', parameters: NODE_PARAMS, createToken: TOKEN });
    world.cfn.on('CreateChangeSet', () => {
      throw awsError('ValidationError', 'No updates are to be performed.');
    });
    assert.equal((await world.activities().deployStack(NODES)).noChanges, true);
  });

  it('fails for good, with the reason, when the change set fails for another reason', async () => {
    world.cfn.on('CreateChangeSet', (input) => {
      world.changeSets.set(String(input['ChangeSetName']), { Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: 'Requires capabilities : [CAPABILITY_NAMED_IAM]' });
      return { StackId: STACK_ID };
    });
    const f = await rejects(world.activities().deployStack(ASSETS), 'TemplateInvalid');
    assert.match(f.message, /CAPABILITY_NAMED_IAM/);
  });

  it('refuses a stack of the same name that kube-aws did not create', async () => {
    world.stack = fakeStack({ status: 'CREATE_COMPLETE', owner: null });
    const f = await rejects(world.activities().deployStack(ASSETS), 'ForeignStack');
    assert.match(f.message, /kube-cluster/);
    assert.deepEqual(world.cfn.commands(), ['DescribeStacks']);
  });

  it('refuses the nodes phase when the stack is gone', async () => {
    await rejects(world.activities().deployStack(NODES), 'StackGone');
  });

  it('refuses the nodes phase without digests (a workflow bug)', async () => {
    await rejects(world.activities().deployStack({ ...NODES, digests: undefined }), 'AwsRequestInvalid');
  });

  it('adopts an update in progress that carries its token, and refuses a stranger\'s', async () => {
    world.stack = fakeStack({ status: 'UPDATE_IN_PROGRESS', parameters: { ...NODE_PARAMS, ControllerConfigSha512: 'c'.repeat(128) } });
    world.events = [fakeEvent('UPDATE_IN_PROGRESS', 'kube-cluster', { ClientRequestToken: 'someone-else' })];
    await rejects(world.activities().deployStack(NODES), 'StackBusy');

    world.events = [fakeEvent('UPDATE_IN_PROGRESS', 'kube-cluster', { ClientRequestToken: NODES_TOKEN }), fakeEvent('CREATE_COMPLETE', 'kube-cluster', { EventId: 'ev-0' })];
    const result = await world.activities().deployStack(NODES);
    assert.equal(result.adopted, true);
    assert.equal(result.sinceEventId, 'ev-0');
  });

  it('refuses to update a stack stuck in UPDATE_ROLLBACK_FAILED, pointing at continue-update-rollback', async () => {
    world.stack = fakeStack({ status: 'UPDATE_ROLLBACK_FAILED', parameters: { Phase: 'nodes' } });
    const f = await rejects(world.activities().deployStack(NODES), 'StackFailed');
    assert.match(f.message, /continue-update-rollback/);
  });

  it('retries a throttled CreateChangeSet (and the retry reuses the change set)', async () => {
    world.cfn.on('CreateChangeSet', () => {
      throw awsError('Throttling', 'Rate exceeded');
    });
    await rejects(world.activities().deployStack(ASSETS), 'AwsThrottled', false);
  });

  it('sends a template over 51,200 bytes through S3 when there is a bucket, and refuses without one', async () => {
    const big = seedStackInputs();
    const body = JSON.stringify({ ...JSON.parse(big.templateBody), Metadata: { padding: 'x'.repeat(60_000) } });
    await rejects(world.activities({ ...big, templateBody: body }).deployStack(ASSETS), 'TemplateInvalid');

    world.s3.on('PutObject', () => ({}));
    await world.activities({ ...big, templateBody: body, templateBucket: 'my-assets' }).deployStack(ASSETS);
    const [put] = world.s3.callsOf('PutObject');
    assert.equal(put?.['Bucket'], 'my-assets');
    assert.match(String(put?.['Key']), /^kube-aws\/templates\/[0-9a-f]{64}\.json$/);
    const [create] = world.cfn.callsOf('CreateChangeSet');
    assert.equal(create?.['TemplateBody'], undefined);
    assert.equal(create?.['TemplateURL'], `https://s3.us-west-1.amazonaws.com/my-assets/${String(put?.['Key'])}`);
  });
});

describe('deployStack: the KmsKeyArn parameter', () => {
  const ALIAS = 'arn:aws:kms:us-west-1:123456789012:alias/kube-aws-assets';
  let world: World;
  let kms: FakeAwsClient;
  let sts: FakeAwsClient;
  beforeEach(() => {
    world = new World();
    kms = new FakeAwsClient('KMS');
    sts = new FakeAwsClient('STS').on('GetCallerIdentity', () => ({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/me' }));
  });
  const activities = (inputs: StackInputs) =>
    createStackActivities(() => ({ cloudFormation: world.cfn, s3: world.s3, kms, sts }) as unknown as AwsClients, {
      loadStackInputs: async () => inputs,
      timing: fakeTiming(),
    });
  const parametersOf = (create: Record<string, unknown> | undefined): Record<string, string> =>
    Object.fromEntries((create?.['Parameters'] as { ParameterKey: string; ParameterValue: string }[]).map((p) => [p.ParameterKey, p.ParameterValue]));
  const aliasInputs = (): StackInputs => {
    const inputs = seedStackInputs();
    return { ...inputs, summary: { ...inputs.summary, kmsKeyArn: ALIAS } };
  };

  it('a run without a resolved key (started before preflight resolved keys) resolves kmsKeyArn itself', async () => {
    kms.on('DescribeKey', () => ({ KeyMetadata: { Arn: KEY_ARN, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' } }));
    const { kmsKeyArn: _resolved, ...withoutKey } = ASSETS;
    await activities(aliasInputs()).deployStack(withoutKey);
    assert.deepEqual(kms.callsOf('DescribeKey'), [{ KeyId: ALIAS }]);
    assert.equal(parametersOf(world.cfn.callsOf('CreateChangeSet')[0])['KmsKeyArn'], KEY_ARN);
  });

  it('fails ConfigInvalid, naming the reason, when the key it resolves is disabled', async () => {
    kms.on('DescribeKey', () => ({ KeyMetadata: { Arn: KEY_ARN, KeyState: 'Disabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' } }));
    const { kmsKeyArn: _resolved, ...withoutKey } = ASSETS;
    const f = await rejects(activities(aliasInputs()).deployStack(withoutKey), 'ConfigInvalid');
    assert.match(f.message, /alias\/kube-aws-assets, which resolves to key .* is disabled: enable it \(aws kms enable-key/);
    assert.equal(world.cfn.callsOf('CreateChangeSet').length, 0);
  });

  it('uses the input\'s key without asking KMS, and sends none to a template rendered before KmsKeyArn existed', async () => {
    await activities(seedStackInputs()).deployStack(ASSETS);
    assert.equal(kms.calls.length, 0);
    assert.equal(parametersOf(world.cfn.callsOf('CreateChangeSet')[0])['KmsKeyArn'], KEY_ARN);

    world = new World();
    const inputs = seedStackInputs();
    const old = JSON.parse(inputs.templateBody) as { Parameters: Record<string, unknown> };
    delete old.Parameters['KmsKeyArn'];
    await activities({ ...inputs, templateBody: JSON.stringify(old) }).deployStack(ASSETS);
    assert.equal('KmsKeyArn' in parametersOf(world.cfn.callsOf('CreateChangeSet')[0]), false);
  });

  it('refuses an alias ARN as the resolved key (a workflow bug)', async () => {
    await rejects(activities(seedStackInputs()).deployStack({ ...ASSETS, kmsKeyArn: ALIAS }), 'AwsRequestInvalid');
  });
});

describe('deployStack: the DeployerPrincipalArns parameter', () => {
  let world: World;
  beforeEach(() => {
    world = new World();
  });
  const parametersOf = (call: Record<string, unknown> | undefined): Record<string, string> =>
    Object.fromEntries((call?.['Parameters'] as { ParameterKey: string; ParameterValue: string }[]).map((p) => [p.ParameterKey, p.ParameterValue]));
  const activities = (sts: FakeAwsClient, inputs: StackInputs = seedStackInputs()) =>
    createStackActivities(fakeClients(world.cfn, world.s3, sts), { loadStackInputs: async () => inputs, timing: fakeTiming() });

  it('names the caller STS reports, a role session as its role at any path, so the bucket admits it', async () => {
    const sts = fakeSts();
    await activities(sts).deployStack(ASSETS);
    assert.equal(sts.callsOf('GetCallerIdentity').length, 1);
    assert.equal(parametersOf(world.cfn.callsOf('CreateChangeSet')[0])['DeployerPrincipalArns'], DEPLOYER_PATTERNS);
  });

  it('updates a finished stack that another principal deployed, so that the new one may upload', async () => {
    world.stack = fakeStack({ status: 'UPDATE_COMPLETE', parameters: NODE_PARAMS, createToken: TOKEN });
    world.template = seedStackInputs().templateBody;
    const result = await activities(fakeSts('arn:aws:iam::123456789012:user/ci')).deployStack({ ...NODES, token: 'kube-aws-nodes-run2' });
    assert.equal(result.noChanges, false);
    assert.equal(parametersOf(world.cfn.callsOf('CreateChangeSet')[0])['DeployerPrincipalArns'], 'arn:aws:iam::123456789012:user/ci');
  });

  it('asks STS nothing for a template rendered before the bucket had a policy', async () => {
    const sts = fakeSts();
    const inputs = seedStackInputs();
    const old = JSON.parse(inputs.templateBody) as { Parameters: Record<string, unknown> };
    delete old.Parameters['DeployerPrincipalArns'];
    await activities(sts, { ...inputs, templateBody: JSON.stringify(old) }).deployStack(ASSETS);
    assert.equal(sts.calls.length, 0);
    assert.equal('DeployerPrincipalArns' in parametersOf(world.cfn.callsOf('CreateChangeSet')[0]), false);
  });
});
