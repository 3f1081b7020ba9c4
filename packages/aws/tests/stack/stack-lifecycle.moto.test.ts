/**
 * The cluster stack's whole life on a real moto server, through the stack activities as a worker
 * runs them (MockActivityEnvironment: heartbeats, cancellation): validate, create (assets phase),
 * update (nodes phase), the idempotent repeats, a foreign stack, and the delete.
 *
 * moto is synchronous (a stack is CREATE_COMPLETE when the call returns, with two events), so the
 * waits here settle on the first poll; paced operations are the sandbox proxy's to test.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeVpcsCommand, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { renderClusterAssets } from '@kube-aws/render';
import { MockActivityEnvironment } from '@temporalio/testing';
import { STACK_OWNER_TAG, STACK_TOKEN_TAG } from '../../src/contract.js';
import type { NodeConfigDigests } from '../../src/contract.js';
import { createStackActivities } from '../../src/stack/index.js';
import type { StackActivities } from '../../src/stack/index.js';
import { rejectsWithFailure } from '../helpers/activity-env.js';
import { FLATCAR_AMIS, startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';
import { fileStackInputs, motoSeedConfig } from './helpers/stack-inputs.js';

const ASSETS_TOKEN = 'kube-aws-assets-run-1';
const NODES_TOKEN = 'kube-aws-nodes-run-1';
const IMAGE_ID = FLATCAR_AMIS[0]?.id ?? 'ami-missing';
const DIGESTS: NodeConfigDigests = {
  controller: { path: 'nodes/controller/config.ign', sha512: 'c'.repeat(128), bytes: 100 },
  worker: { path: 'nodes/worker/config.ign', sha512: 'd'.repeat(128), bytes: 100 },
};
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq9cVwzPqXn2lKQ0Zt0m3m1rD3mJ8qk0wY1c2dE3fG4 test@kube-aws';

/** Runs an activity as a worker would, with its own Context. */
function inActivity<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  return new MockActivityEnvironment().run(fn, ...args);
}

describe('stack activities on moto', () => {
  let moto: MotoServer;
  let dir: string;
  let activities: StackActivities;
  const config = motoSeedConfig();
  let stackId = '';

  before(async () => {
    moto = await startMoto();
    const clients = moto.clients('us-west-1');
    await clients.route53.send(new CreateHostedZoneCommand({ Name: 'isaack.io.', CallerReference: `stack-test-${Date.now()}` }));
    await clients.ec2.send(new ImportKeyPairCommand({ KeyName: config.keyName, PublicKeyMaterial: new TextEncoder().encode(PUBLIC_KEY) }));
    dir = await mkdtemp(join(tmpdir(), 'kube-aws-stack-'));
    await renderClusterAssets(dir, config);
    activities = createStackActivities((region) => moto.clients(region), { loadStackInputs: fileStackInputs(dir, config) });
  });

  after(async () => {
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('validates the rendered template (the seed\'s "Validation Report")', async () => {
    const report = await inActivity(activities.validateTemplate, { assetsUri: `file://${dir}`, imageId: IMAGE_ID }).catch((e: Error) => {
      // moto runs cfn-lint and rejects warnings too: W2506 fires while render declares the ImageId
      // parameter `Type: String` (packages/render/src/assets/node-user-data.ts); AWS::EC2::Image::Id passes.
      throw new Error(`${e.message}\n(if this names 'String' vs AWS::EC2::Image::Id: the rendered ImageId parameter must be Type AWS::EC2::Image::Id)`);
    });
    assert.equal(report.description, 'kube-aws Kubernetes cluster kube-cluster');
    assert.deepEqual(report.parameters.map((p) => p.key).sort(), ['ControllerConfigSha512', 'DeployerPrincipalArns', 'ImageId', 'KmsKeyArn', 'Phase', 'WorkerConfigSha512']);
    assert.deepEqual(report.capabilities, ['CAPABILITY_IAM']);
    assert.match(report.capabilitiesReason ?? '', /AWS::IAM::InstanceProfile, AWS::IAM::Role/);
    assert.equal(report.templateUrl, undefined);
  });

  it('creates the stack in the assets phase: network, IAM and bucket, no instances', async () => {
    const deployed = await inActivity(activities.deployStack, {
      assetsUri: `file://${dir}`,
      phase: 'assets',
      imageId: IMAGE_ID,
      kmsKeyArn: config.kmsKeyArn,
      onFailure: 'DO_NOTHING',
      token: ASSETS_TOKEN,
    });
    assert.equal(deployed.operation, 'CREATE');
    assert.equal(deployed.adopted, false);
    assert.equal(deployed.noChanges, false);
    assert.equal(deployed.changeSetName, ASSETS_TOKEN);
    assert.match(deployed.stackId, /^arn:aws:cloudformation:us-west-1:\d{12}:stack\/kube-cluster\//);
    assert.ok(deployed.sinceEventId, 'the REVIEW_IN_PROGRESS event precedes the create');
    stackId = deployed.stackId;

    const watched = await inActivity(activities.watchStack, {
      region: 'us-west-1',
      stackName: 'kube-cluster',
      stackId,
      operation: 'CREATE',
      maxWaitSeconds: 30,
      ...(deployed.sinceEventId === undefined ? {} : { afterEventId: deployed.sinceEventId }),
    });
    assert.deepEqual(
      { status: watched.status, settled: watched.settled, succeeded: watched.succeeded, failures: watched.failures },
      { status: 'CREATE_COMPLETE', settled: true, succeeded: true, failures: [] },
    );
    assert.deepEqual(watched.events.map((e) => e.status), ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);

    const snap = await inActivity(activities.describeStack, { region: 'us-west-1', stackName: 'kube-cluster' });
    assert.equal(snap?.status, 'CREATE_COMPLETE');
    assert.equal(snap?.parameters['Phase'], 'assets');
    assert.equal(snap?.parameters['ControllerConfigSha512'], 'pending');
    assert.equal(snap?.ownedByKubeAws, true);
    assert.deepEqual(snap?.tags, { Environment: 'Production', Name: 'Kubernetes', [STACK_OWNER_TAG]: 'kube-cluster', [STACK_TOKEN_TAG]: ASSETS_TOKEN });

    const clients = moto.clients();
    const vpcs = await clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:KubernetesCluster', Values: ['kube-cluster'] }] }));
    assert.equal(vpcs.Vpcs?.length, 1);
    assert.equal(vpcs.Vpcs?.[0]?.CidrBlock, '10.0.0.0/16');
    const buckets = await clients.s3.send(new ListBucketsCommand({}));
    assert.equal(buckets.Buckets?.length, 1);
    // The deployer the bucket's policy admits is who STS says these credentials are. (moto 5.2.5
    // skips AWS::S3::BucketPolicy in CloudFormation, so the policy itself is render's policy
    // simulation test's to check.)
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(snap?.parameters['DeployerPrincipalArns'], identity.Arn);
    const running = await clients.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running', 'pending'] }] }));
    assert.equal(running.Reservations?.flatMap((r) => r.Instances ?? []).length ?? 0, 0);
  });

  it('adopts, never repeats, the create when the same token comes again (a retry after a crash)', async () => {
    const again = await inActivity(activities.deployStack, {
      assetsUri: `file://${dir}`,
      phase: 'assets',
      imageId: IMAGE_ID,
      kmsKeyArn: config.kmsKeyArn,
      onFailure: 'DO_NOTHING',
      token: ASSETS_TOKEN,
    });
    assert.equal(again.adopted, true);
    assert.equal(again.stackId, stackId);
    const stacks = await moto.clients().cloudFormation.send(new DescribeStacksCommand({}));
    assert.equal(stacks.Stacks?.length, 1);
  });

  it('updates to the nodes phase with the digests, keeping the create token', async () => {
    const deployed = await inActivity(activities.deployStack, {
      assetsUri: `file://${dir}`,
      phase: 'nodes',
      imageId: IMAGE_ID,
      kmsKeyArn: config.kmsKeyArn,
      digests: DIGESTS,
      onFailure: 'DO_NOTHING',
      token: NODES_TOKEN,
    });
    assert.equal(deployed.operation, 'UPDATE');
    assert.equal(deployed.stackId, stackId);
    assert.equal(deployed.noChanges, false);
    assert.equal(deployed.adopted, false);

    const watched = await inActivity(activities.watchStack, {
      region: 'us-west-1',
      stackName: 'kube-cluster',
      stackId,
      operation: 'UPDATE',
      maxWaitSeconds: 30,
      ...(deployed.sinceEventId === undefined ? {} : { afterEventId: deployed.sinceEventId }),
    });
    assert.equal(watched.status, 'UPDATE_COMPLETE');
    assert.equal(watched.succeeded, true);
    // Only this operation's events: the create's are before the cursor.
    assert.deepEqual(watched.events.map((e) => e.status), ['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']);

    const snap = await inActivity(activities.describeStack, { region: 'us-west-1', stackName: 'kube-cluster', stackId });
    assert.equal(snap?.status, 'UPDATE_COMPLETE');
    assert.equal(snap?.parameters['Phase'], 'nodes');
    assert.equal(snap?.parameters['ControllerConfigSha512'], 'c'.repeat(128));
    assert.equal(snap?.parameters['WorkerConfigSha512'], 'd'.repeat(128));
    assert.equal(snap?.parameters['KmsKeyArn'], config.kmsKeyArn, 'the resolved key the IAM policies and the bucket use');
    assert.equal(snap?.tags[STACK_TOKEN_TAG], ASSETS_TOKEN);
    // No EC2 assertions here: raw moto applies an UPDATE change set by diffing templates only, so
    // resources behind a Condition that a parameter turns on are never made (and change-set stacks
    // get no Outputs). The sandbox's CloudFormation proxy plays change sets out itself.
  });

  it('has nothing to do when the nodes phase runs again, with the same or a new token', async () => {
    for (const token of [NODES_TOKEN, 'kube-aws-nodes-run-2']) {
      const again = await inActivity(activities.deployStack, {
        assetsUri: `file://${dir}`,
        phase: 'nodes',
        imageId: IMAGE_ID,
      kmsKeyArn: config.kmsKeyArn,
        digests: DIGESTS,
        onFailure: 'DO_NOTHING',
        token,
      });
      assert.equal(again.noChanges, true, token);
    }
    const assetsAgain = await inActivity(activities.deployStack, {
      assetsUri: `file://${dir}`,
      phase: 'assets',
      imageId: IMAGE_ID,
      kmsKeyArn: config.kmsKeyArn,
      onFailure: 'DO_NOTHING',
      token: 'kube-aws-assets-run-2',
    });
    assert.equal(assetsAgain.noChanges, true, 'the assets phase never takes the nodes away');
  });

  it('refuses to deploy over, or delete, a stack kube-aws did not create', async () => {
    const cfn = moto.clients().cloudFormation;
    const template = JSON.stringify({ Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.9.0.0/16' } } } });
    await cfn.send(new CreateStackCommand({ StackName: 'someone-else', TemplateBody: template }));
    const foreignConfig = motoSeedConfig({ clusterName: 'someone-else' });
    const foreign = createStackActivities((region) => moto.clients(region), { loadStackInputs: fileStackInputs(dir, foreignConfig) });
    const f = await rejectsWithFailure(
      inActivity(foreign.deployStack, { assetsUri: `file://${dir}`, phase: 'assets', imageId: IMAGE_ID, kmsKeyArn: config.kmsKeyArn, onFailure: 'DO_NOTHING', token: 'kube-aws-assets-x' }),
      'ForeignStack',
    );
    assert.match(f.message, /someone-else/);
    await rejectsWithFailure(inActivity(activities.deleteStack, { region: 'us-west-1', stackName: 'someone-else' }), 'ForeignStack');
    const snap = await inActivity(activities.describeStack, { region: 'us-west-1', stackName: 'someone-else' });
    assert.equal(snap?.ownedByKubeAws, false);
  });

  it('deletes the stack and watches it go; a second delete finds nothing', async () => {
    const deleted = await inActivity(activities.deleteStack, { region: 'us-west-1', stackName: 'kube-cluster', stackId });
    assert.equal(deleted.alreadyGone, false);
    assert.equal(deleted.stackId, stackId);
    const watched = await inActivity(activities.watchStack, { region: 'us-west-1', stackName: 'kube-cluster', stackId, operation: 'DELETE', maxWaitSeconds: 30 });
    assert.equal(watched.status, 'DELETE_COMPLETE');
    assert.equal(watched.settled, true);
    assert.equal(watched.succeeded, true);
    assert.equal(await inActivity(activities.describeStack, { region: 'us-west-1', stackName: 'kube-cluster' }), null);
    assert.deepEqual(await inActivity(activities.deleteStack, { region: 'us-west-1', stackName: 'kube-cluster', stackId }), { alreadyGone: true });
  });
});
