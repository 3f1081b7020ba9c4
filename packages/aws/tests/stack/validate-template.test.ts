import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { createStackActivities, requiredCapabilities } from '../../src/stack/index.js';
import { awsError, FakeAwsClient, fakeClients } from './helpers/fake-cloudformation.js';
import { fakeTiming } from './helpers/fake-timing.js';
import { seedStackInputs } from './helpers/stack-inputs.js';

describe('requiredCapabilities', () => {
  it('needs CAPABILITY_IAM for the seed template, naming the IAM resource types', () => {
    assert.deepEqual(requiredCapabilities(seedStackInputs().templateBody), {
      capabilities: ['CAPABILITY_IAM'],
      reason: 'The following resource(s) require capabilities: [AWS::IAM::InstanceProfile, AWS::IAM::Role]',
    });
  });

  it('needs CAPABILITY_NAMED_IAM for a named role, and nothing without IAM', () => {
    const named = JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'fixed' } } } });
    assert.deepEqual(requiredCapabilities(named).capabilities, ['CAPABILITY_NAMED_IAM']);
    assert.deepEqual(requiredCapabilities(JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } })), { capabilities: [] });
  });
});

describe('validateTemplate', () => {
  function run(answer: () => unknown) {
    const cfn = new FakeAwsClient('CloudFormation').on('ValidateTemplate', answer);
    const activities = createStackActivities(fakeClients(cfn), { loadStackInputs: async () => seedStackInputs(), timing: fakeTiming() });
    return { cfn, result: activities.validateTemplate({ assetsUri: 'file:///c', imageId: 'ami-1' }) };
  }

  it("reports the service's answer as it is", async () => {
    const { cfn, result } = run(() => ({
      Description: 'kube-aws Kubernetes cluster kube-cluster',
      Parameters: [{ ParameterKey: 'Phase', DefaultValue: 'nodes', Description: 'which phase' }],
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
    }));
    assert.deepEqual(await result, {
      description: 'kube-aws Kubernetes cluster kube-cluster',
      parameters: [{ key: 'Phase', defaultValue: 'nodes', description: 'which phase' }],
      capabilities: ['CAPABILITY_IAM'],
      capabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
    });
    assert.equal(typeof cfn.callsOf('ValidateTemplate')[0]?.['TemplateBody'], 'string');
  });

  it('works out parameters and capabilities from the template when the service gives none (moto)', async () => {
    const report = await run(() => ({ Description: 'kube-aws Kubernetes cluster kube-cluster', Parameters: [], Capabilities: [] })).result;
    assert.deepEqual(report.parameters.map((p) => p.key).sort(), ['ControllerConfigSha512', 'DeployerPrincipalArns', 'ImageId', 'KmsKeyArn', 'Phase', 'WorkerConfigSha512']);
    assert.deepEqual(report.capabilities, ['CAPABILITY_IAM']);
    assert.match(report.capabilitiesReason ?? '', /AWS::IAM::Role/);
  });

  it('fails TemplateInvalid, non-retryable, with the fix, when CloudFormation rejects the template', async () => {
    const { result } = run(() => {
      throw awsError('ValidationError', 'Template format error: Unrecognized resource types: [AWS::EC2::Nope]');
    });
    await assert.rejects(
      result,
      (e: unknown) =>
        e instanceof ApplicationFailure && e.type === 'TemplateInvalid' && e.nonRetryable === true && /fix stack-template\.json/.test(e.message),
    );
  });
});
