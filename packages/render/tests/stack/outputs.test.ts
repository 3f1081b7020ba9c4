/** Stack outputs: what the template declares and what readStackOutputs makes of DescribeStacks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { StackOutputMissingError } from '../../src/errors.js';
import { buildStackTemplate, OUTPUT_KEYS, readStackOutputs } from '../../src/stack/index.js';
import { defaultStackOptions } from './helpers.js';

describe('stack outputs', () => {
  it('declares every output the reader knows, wired to the right resources', () => {
    const t = buildStackTemplate(seedClusterConfig(), defaultStackOptions());
    assert.deepEqual(Object.keys(t.Outputs ?? {}), [...OUTPUT_KEYS]);
    assert.deepEqual(t.Outputs?.ControllerIP?.Value, { Ref: 'EIPController' });
    assert.deepEqual(t.Outputs?.ControllerPrivateIP?.Value, { 'Fn::GetAtt': ['InstanceController', 'PrivateIp'] });
    assert.deepEqual(t.Outputs?.VpcId?.Value, { Ref: 'VPC' });
    const existing = buildStackTemplate(seedClusterConfig({ vpcId: 'vpc-9' }), defaultStackOptions());
    assert.equal(existing.Outputs?.VpcId?.Value, 'vpc-9');
  });

  it('reads a nodes-phase stack', () => {
    assert.deepEqual(
      readStackOutputs([
        { OutputKey: 'ControllerIP', OutputValue: '127.0.0.7' },
        { OutputKey: 'ControllerPrivateIP', OutputValue: '10.0.0.50' },
        { OutputKey: 'AssetsBucket', OutputValue: 'kube-cluster-assetsbucket-1x2y3z' },
        { OutputKey: 'VpcId', OutputValue: 'vpc-1' },
        { OutputKey: 'WorkerAutoScalingGroup', OutputValue: 'kube-cluster-AutoScaleWorker-ABC' },
        { OutputKey: 'SubnetIds', OutputValue: 'subnet-1,subnet-2' },
        { OutputKey: 'SomethingNewer', OutputValue: 'ignored' },
      ]),
      {
        controllerIP: '127.0.0.7',
        controllerPrivateIP: '10.0.0.50',
        assetsBucket: 'kube-cluster-assetsbucket-1x2y3z',
        vpcId: 'vpc-1',
        workerAutoScalingGroup: 'kube-cluster-AutoScaleWorker-ABC',
        subnetIds: ['subnet-1', 'subnet-2'],
      },
    );
  });

  it('reads an assets-phase stack, where node outputs do not exist yet', () => {
    assert.deepEqual(
      readStackOutputs([
        { OutputKey: 'AssetsBucket', OutputValue: 'b' },
        { OutputKey: 'VpcId', OutputValue: 'vpc-1' },
        { OutputKey: 'SubnetIds', OutputValue: 'subnet-1' },
      ]),
      { assetsBucket: 'b', vpcId: 'vpc-1', subnetIds: ['subnet-1'] },
    );
  });

  it('throws StackOutputMissingError naming every missing always-present output', () => {
    assert.throws(
      () => readStackOutputs([{ OutputKey: 'VpcId', OutputValue: 'vpc-1' }]),
      (e: unknown) =>
        e instanceof StackOutputMissingError &&
        e.name === 'StackOutputMissingError' &&
        e.missingKeys.join(',') === 'AssetsBucket,SubnetIds' &&
        e.message.includes('AssetsBucket, SubnetIds'),
    );
  });
});
