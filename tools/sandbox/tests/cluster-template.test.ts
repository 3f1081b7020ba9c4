/**
 * The real thing: the cluster template kube-aws renders for the seed's cluster.yaml, deployed the
 * way the product deploys it (assets phase by a CREATE change set, nodes phase by an UPDATE one),
 * through the proxy onto moto, then deleted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, DescribeInstanceAttributeCommand, DescribeInstancesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { buildGeneratedFiles, CONFIG_DIGEST_PARAMETERS, DEPLOYER_PRINCIPALS_PARAMETER, deployerPrincipalArns, IMAGE_ID_PARAMETER, STACK_TEMPLATE_FILE } from '@kube-aws/render';
import type { Sandbox } from '../src/index.js';
import { allEvents, clientConfig, cloudFormation, eventLines, indexOf, stackStatus, testSandbox, waitForChangeSet, waitForSettled } from './helpers.js';

const STACK = 'kube-cluster';

const WORKER_DIGEST = 'b'.repeat(128);

let imageId = '';

async function changeSet(cfn: CloudFormationClient, type: 'CREATE' | 'UPDATE', phase: string, body: string): Promise<string> {
  const made = await cfn.send(
    new CreateChangeSetCommand({
      StackName: STACK,
      ChangeSetName: `${phase}-1`,
      ChangeSetType: type,
      TemplateBody: body,
      Parameters: [
        { ParameterKey: 'Phase', ParameterValue: phase },
        // Who deploys: moto's default caller, as `up` reads it from STS.
        { ParameterKey: DEPLOYER_PRINCIPALS_PARAMETER, ParameterValue: deployerPrincipalArns('arn:aws:iam::123456789012:user/moto') },
        { ParameterKey: IMAGE_ID_PARAMETER, ParameterValue: imageId },
        { ParameterKey: CONFIG_DIGEST_PARAMETERS.controller, ParameterValue: phase === 'nodes' ? 'a'.repeat(128) : 'pending' },
        { ParameterKey: CONFIG_DIGEST_PARAMETERS.worker, ParameterValue: phase === 'nodes' ? WORKER_DIGEST : 'pending' },
      ],
      Capabilities: ['CAPABILITY_IAM'],
      OnStackFailure: 'DO_NOTHING',
    }),
  );
  return waitForChangeSet(cfn, made.Id ?? '');
}

describe('the seed cluster’s template through the proxy', () => {
  let sandbox: Sandbox;
  let cfn: CloudFormationClient;
  let ec2: EC2Client;
  let body: string;
  before(async () => {
    sandbox = await testSandbox({ paceMs: 20, changeSetPaceMs: 50 });
    cfn = await cloudFormation(sandbox);
    ec2 = new EC2Client(clientConfig(sandbox, 3));
    const images = await ec2.send(new DescribeImagesCommand({ Owners: ['075585003325'], Filters: [{ Name: 'name', Values: ['Flatcar-stable-*-hvm'] }] }));
    const newest = (images.Images ?? []).filter((i) => i.Architecture === 'x86_64').sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
    assert.equal(newest?.Name, 'Flatcar-stable-4459.2.1-hvm');
    imageId = newest?.ImageId ?? '';
    // The template exactly as `kube-aws render` writes it (user data stubs and digest parameters included).
    const file = buildGeneratedFiles(seedClusterConfig({ kmsKeyArn: sandbox.kmsKeyArn })).find((f) => f.path === STACK_TEMPLATE_FILE);
    body = file?.content ?? '';
  });
  after(async () => {
    cfn?.destroy();
    ec2?.destroy();
    await sandbox?.stop();
  });

  it('creates the assets phase: network, IAM and bucket, no nodes', async () => {
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: await changeSet(cfn, 'CREATE', 'assets', body) }));
    assert.deepEqual((await waitForSettled(cfn, STACK)).slice(-1), ['CREATE_COMPLETE']);
    const lines = eventLines((await allEvents(cfn, STACK)).events);
    assert.ok(indexOf(lines, 'VPCGatewayAttachment CREATE_COMPLETE') < indexOf(lines, 'RouteToInternet CREATE_IN_PROGRESS'));
    assert.ok(indexOf(lines, 'IAMRoleController CREATE_COMPLETE') < indexOf(lines, 'IAMInstanceProfileController CREATE_IN_PROGRESS'));
    assert.ok(!lines.some((l) => l.startsWith('InstanceController ')), 'no controller in the assets phase');
    const outputs = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0]?.Outputs ?? [];
    assert.ok(outputs.some((o) => o.OutputKey === 'AssetsBucket' && o.OutputValue));
  });

  it('updates to the nodes phase: controller, workers and DNS record after the network is ready', async () => {
    const id = await changeSet(cfn, 'UPDATE', 'nodes', body);
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id }));
    const added = (cs.Changes ?? []).filter((c) => c.ResourceChange?.Action === 'Add').map((c) => c.ResourceChange?.LogicalResourceId).sort();
    assert.deepEqual(added, ['AutoScaleWorker', 'EIPController', 'ExternalDNS', 'InstanceController']);
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: id }));
    assert.deepEqual((await waitForSettled(cfn, STACK)).slice(-1), ['UPDATE_COMPLETE']);
    const lines = eventLines((await allEvents(cfn, STACK)).events);
    const update = indexOf(lines, `${STACK} UPDATE_IN_PROGRESS`);
    const after = lines.slice(update);
    assert.ok(indexOf(after, 'InstanceController CREATE_COMPLETE') < indexOf(after, 'EIPController CREATE_IN_PROGRESS'));
    assert.ok(indexOf(after, 'EIPController CREATE_COMPLETE') < indexOf(after, 'ExternalDNS CREATE_IN_PROGRESS'));
    assert.ok(after.includes('AutoScaleWorker CREATE_COMPLETE'));
    const outputs = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0]?.Outputs ?? [];
    assert.equal(outputs.find((o) => o.OutputKey === 'ControllerPrivateIP')?.OutputValue, '10.0.0.50');
  });

  it('launches the workers from the launch template version with the nodes phase’s config digest', async () => {
    const reservations = (await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: ['*'] }] }))).Reservations ?? [];
    const workers = reservations.flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name === 'running');
    assert.equal(workers.length, 2, 'two worker instances');
    for (const worker of workers) {
      const attr = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: worker.InstanceId, Attribute: 'userData' }));
      const userData = Buffer.from(attr.UserData?.Value ?? '', 'base64').toString('utf8');
      assert.ok(userData.includes(`sha512-${WORKER_DIGEST}`), `worker ${worker.InstanceId} boots with ${userData}`);
    }
  });

  it('deletes the whole stack, and the cluster’s VPC is gone afterwards', async () => {
    const vpcId = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'VpcId')?.OutputValue;
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));
    const deadline = Date.now() + 60_000;
    while (await stackStatus(cfn, STACK).then(() => true, () => false)) {
      assert.ok(Date.now() < deadline, 'stack never went away');
      await new Promise((r) => setTimeout(r, 25));
    }
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    assert.ok(!vpcs.some((v) => v.VpcId === vpcId), `VPC ${vpcId} left behind`);
  });
});
