import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudFormationClient, DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import type { Sandbox } from '../src/index.js';
import { clientConfig, testSandbox } from './helpers.js';

describe('fault injection', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await testSandbox();
  });
  after(async () => {
    await sandbox?.stop();
  });

  it('throttles the next N calls of an action with CloudFormation’s own Throttling error, then lets calls through', async () => {
    const cfn = new CloudFormationClient(clientConfig(sandbox, 1));
    await sandbox.addFault('ListStacks', { kind: 'throttle', count: 2 });
    for (let i = 0; i < 2; i++) {
      await assert.rejects(cfn.send(new ListStacksCommand({})), (err: Error & { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }) => {
        assert.equal(err.name, 'Throttling');
        assert.equal(err.message, 'Rate exceeded');
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      });
    }
    await cfn.send(new ListStacksCommand({}));
    cfn.destroy();
  });

  it('is retried away by the SDK’s standard retry, as a real throttle is', async () => {
    const cfn = new CloudFormationClient(clientConfig(sandbox, 3));
    await sandbox.addFault('ListStacks', { kind: 'throttle', count: 2 });
    await cfn.send(new ListStacksCommand({}));
    const state = (await sandbox.control.state()) as { faults: unknown[] };
    assert.deepEqual(state.faults, [], 'both faults were consumed by retries');
    cfn.destroy();
  });

  it('answers 503 ServiceUnavailable, touching only the action asked for', async () => {
    const cfn = new CloudFormationClient(clientConfig(sandbox, 1));
    await sandbox.addFault('DescribeStacks', { kind: 'unavailable' });
    await cfn.send(new ListStacksCommand({}));
    await assert.rejects(cfn.send(new DescribeStacksCommand({})), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'ServiceUnavailable');
      assert.equal(err.$metadata?.httpStatusCode, 503);
      return true;
    });
    cfn.destroy();
  });

  it('speaks each protocol’s error shape: EC2 RequestLimitExceeded, KMS ThrottlingException', async () => {
    const ec2 = new EC2Client(clientConfig(sandbox, 1));
    const kms = new KMSClient(clientConfig(sandbox, 1));
    await sandbox.addFault('DescribeVpcs', { service: 'ec2' });
    await sandbox.addFault('ListKeys', { service: 'kms' });
    await assert.rejects(ec2.send(new DescribeVpcsCommand({})), { name: 'RequestLimitExceeded' });
    await assert.rejects(kms.send(new ListKeysCommand({})), { name: 'ThrottlingException' });
    await ec2.send(new DescribeVpcsCommand({}));
    await kms.send(new ListKeysCommand({}));
    ec2.destroy();
    kms.destroy();
  });

  it('rejects a malformed control request with a reason', async () => {
    const res = await fetch(`${sandbox.awsEndpoint}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'throttle' }) });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /"action"/);
  });
});
