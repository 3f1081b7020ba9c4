/** describeNodeInstances against a moto stack holding a controller and a worker Auto Scaling group. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { logicalIds } from '@kube-aws/render';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { AwsClients } from '../../src/clients.js';
import { awsNodeName } from '../../src/nodes/node-name.js';
import { rejectsWithFailure, runActivity } from '../helpers/activity-env.js';
import { fileUri, makeTempDir, removeDir, writeClusterYaml } from '../helpers/cluster-dir.js';
import { FLATCAR_AMIS, startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';
import { createKmsKey } from '../helpers/seed-account.js';

/** The shape of kube-aws's nodes in a template, reduced to what moto needs. */
function nodesTemplate(withNodes: boolean): string {
  const image = FLATCAR_AMIS[0]?.id;
  const network = {
    VPC: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Subnet0: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'VPC' }, CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-west-1a' } },
  };
  const nodes = {
    [logicalIds.INSTANCE_CONTROLLER]: {
      Type: 'AWS::EC2::Instance',
      Properties: { ImageId: image, InstanceType: 't3.medium', SubnetId: { Ref: 'Subnet0' }, PrivateIpAddress: '10.0.0.50' },
    },
    [logicalIds.LAUNCH_TEMPLATE_WORKER]: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: { LaunchTemplateData: { ImageId: image, InstanceType: 't3.medium' } },
    },
    [logicalIds.AUTO_SCALE_WORKER]: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: {
        MinSize: '2',
        MaxSize: '3',
        DesiredCapacity: '2',
        VPCZoneIdentifier: [{ Ref: 'Subnet0' }],
        LaunchTemplate: { LaunchTemplateId: { Ref: logicalIds.LAUNCH_TEMPLATE_WORKER }, Version: { 'Fn::GetAtt': [logicalIds.LAUNCH_TEMPLATE_WORKER, 'LatestVersionNumber'] } },
      },
    },
  };
  return JSON.stringify({
    Resources: { ...network, ...(withNodes ? nodes : {}) },
    ...(withNodes ? { Outputs: { WorkerAutoScalingGroup: { Value: { Ref: logicalIds.AUTO_SCALE_WORKER } } } } : {}),
  });
}

describe('describeNodeInstances (moto)', () => {
  let moto: MotoServer;
  let clients: AwsClients;
  let dir: string;
  const activities = createNodeAndAssetActivities(resolveDeps());

  before(async () => {
    moto = await startMoto();
    clients = moto.clients();
    dir = await makeTempDir();
    await writeClusterYaml(dir, { kmsKeyArn: await createKmsKey(clients) });
    await clients.cloudFormation.send(new CreateStackCommand({ StackName: 'kube-cluster', TemplateBody: nodesTemplate(true) }));
    await clients.cloudFormation.send(new CreateStackCommand({ StackName: 'assets-only', TemplateBody: nodesTemplate(false) }));
  });
  after(async () => {
    await moto?.stop();
    if (dir) await removeDir(dir);
  });

  it('reports the controller and the workers, named the way AWS names them', async () => {
    const report = await runActivity(() => activities.describeNodeInstances({ assetsUri: fileUri(dir), stackName: 'kube-cluster' }));
    assert.equal(report.expectedWorkers, 2);
    assert.equal(report.controller?.privateIp, '10.0.0.50');
    assert.equal(report.controller?.nodeName, 'ip-10-0-0-50.us-west-1.compute.internal');
    assert.equal(report.controller?.state, 'running');
    assert.match(report.controller?.instanceId ?? '', /^i-/);
    assert.equal(report.workers.length, 2);
    for (const worker of report.workers) {
      assert.match(worker.privateIp, /^10\.0\.0\.\d+$/);
      assert.equal(worker.nodeName, awsNodeName('us-west-1', worker.privateIp));
      assert.match(worker.nodeName, /\.us-west-1\.compute\.internal$/);
    }
  });

  it('has no nodes to report while the stack is in its assets phase', async () => {
    const report = await runActivity(() => activities.describeNodeInstances({ assetsUri: fileUri(dir), stackName: 'assets-only' }));
    assert.deepEqual(report, { workers: [], expectedWorkers: 2 });
  });

  it('fails with StackGone when the stack does not exist', async () => {
    await rejectsWithFailure(runActivity(() => activities.describeNodeInstances({ assetsUri: fileUri(dir), stackName: 'no-such-stack' })), 'StackGone');
  });
});

describe('awsNodeName', () => {
  it('follows AWS: ec2.internal in us-east-1, <region>.compute.internal elsewhere', () => {
    assert.equal(awsNodeName('us-west-1', '10.0.0.50'), 'ip-10-0-0-50.us-west-1.compute.internal');
    assert.equal(awsNodeName('us-east-1', '10.0.12.7'), 'ip-10-0-12-7.ec2.internal');
    assert.equal(awsNodeName('eu-central-1', '172.31.255.1'), 'ip-172-31-255-1.eu-central-1.compute.internal');
  });
});
