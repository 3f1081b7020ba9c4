import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { ForeignStackError, StackFailedError, TemplateTooLargeError } from '../../src/errors.js';
import { cleanAwsMessage, toActivityFailure } from '../../src/failures.js';
import { awsError } from './helpers/fake-cloudformation.js';

// Built from parts so secret scanners do not take this fake PEM header for a committed key.
const PEM_DASHES = '-'.repeat(5);

function classify(error: unknown, context: Parameters<typeof toActivityFailure>[1] = { action: 'create change set x for stack kube-cluster' }): ApplicationFailure {
  const out = toActivityFailure(error, context);
  assert.ok(out instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(out)}`);
  return out;
}

describe('toActivityFailure', () => {
  for (const code of ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']) {
    it(`retries ${code} as AwsThrottled`, () => {
      const f = classify(awsError(code, 'Rate exceeded'));
      assert.equal(f.type, 'AwsThrottled');
      assert.equal(f.nonRetryable, false);
      assert.match(f.message, /throttling/);
    });
  }

  it('retries any 5xx, even one the SDK could not parse (moto answering HTML)', () => {
    const parse = Object.assign(new Error('@aws-sdk XML parse error: mismatched tags'), { $metadata: { httpStatusCode: 500 } });
    const f = classify(parse);
    assert.equal(f.type, 'AwsUnavailable');
    assert.equal(f.nonRetryable, false);
    assert.equal(classify(awsError('InternalFailure', 'oops', 503)).type, 'AwsUnavailable');
  });

  it('retries dropped connections and timeouts, also when the code is on a nested cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    assert.equal(classify(refused).type, 'AwsNetwork');
    const wrapped = new Error('socket hang up', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    assert.equal(classify(wrapped).type, 'AwsNetwork');
    const timeout = Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });
    assert.equal(classify(timeout).type, 'AwsUnavailable');
  });

  it('retries a conflicting concurrent request (the retry re-reads and adopts)', () => {
    const f = classify(awsError('AlreadyExistsException', 'Stack [kube-cluster] already exists'));
    assert.equal(f.type, 'AwsConflict');
    assert.equal(f.nonRetryable, false);
  });

  it('fails a template ValidationError for good, saying what to fix', () => {
    const f = classify(awsError('ValidationError', 'Template format error: Unresolved resource dependencies [Foo]'), {
      action: 'validate stack-template.json',
      subject: 'template',
    });
    assert.equal(f.type, 'TemplateInvalid');
    assert.equal(f.nonRetryable, true);
    assert.match(f.message, /CloudFormation rejected the template: Template format error/);
    assert.match(f.message, /fix stack-template\.json and run kube-aws up again/);
  });

  it('tells a stack-state ValidationError (busy) from a bad request', () => {
    const busy = classify(awsError('ValidationError', 'Stack:arn… is in UPDATE_IN_PROGRESS state and can not be updated.'));
    assert.equal(busy.type, 'StackBusy');
    const bad = classify(awsError('ValidationError', '1 validation error detected: Value at StackName failed to satisfy constraint'));
    assert.equal(bad.type, 'AwsRequestInvalid');
    assert.equal(bad.nonRetryable, true);
  });

  for (const code of ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'ExpiredToken']) {
    it(`fails ${code} as AccessDenied with a hint about credentials`, () => {
      const f = classify(awsError(code, 'User arn:aws:iam::123456789012:user/x is not authorized to perform cloudformation:CreateChangeSet', 403));
      assert.equal(f.type, 'AccessDenied');
      assert.equal(f.nonRetryable, true);
      assert.match(f.message, /credentials/);
    });
  }

  it('fails missing credentials as AccessDenied', () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    assert.equal(classify(missing).type, 'AccessDenied');
  });

  it('keeps the failed resources of a StackFailedError in the failure details', () => {
    const failure = { logicalId: 'VPC', resourceType: 'AWS::EC2::VPC', status: 'DELETE_FAILED', reason: 'has dependencies' };
    const f = classify(new StackFailedError('kube-cluster', 'DELETE_FAILED', [failure], 'destroy again'));
    assert.deepEqual((f.details?.[0] as { failures?: unknown }).failures, [failure]);
    assert.match(f.message, /VPC \(AWS::EC2::VPC\): has dependencies/);
  });

  it('points missing account resources at cluster.yaml', () => {
    const key = classify(awsError('InvalidKeyPair.NotFound', "The key pair 'isaack-k8s' does not exist"));
    assert.equal(key.type, 'PreflightFailed');
    assert.match(key.message, /keyName in cluster\.yaml/);
    const zone = classify(awsError('NoSuchHostedZone', 'No hosted zone found with ID: Z1', 404));
    assert.equal(zone.type, 'PreflightFailed');
    assert.match(zone.message, /hostedZone/);
  });

  it('tells a request-rate LimitExceeded (retry) from a quota (fix)', () => {
    assert.equal(classify(awsError('LimitExceededException', 'Request rate exceeded')).type, 'AwsThrottled');
    const quota = classify(awsError('LimitExceededException', 'Limit for stacks has been exceeded'));
    assert.equal(quota.type, 'AwsRequestInvalid');
    assert.match(quota.message, /quota/);
  });

  it('turns our typed errors into non-retryable failures of their type', () => {
    const foreign = classify(new ForeignStackError('kube-cluster', 'kube-cluster', undefined));
    assert.equal(foreign.type, 'ForeignStack');
    assert.equal(foreign.nonRetryable, true);
    assert.equal(classify(new StackFailedError('kube-cluster', 'ROLLBACK_COMPLETE', [], 'destroy it')).type, 'StackFailed');
    assert.equal(classify(new TemplateTooLargeError(60_000, 51_200, false)).type, 'TemplateInvalid');
  });

  it('passes cancellation and already-classified failures through untouched', () => {
    const cancelled = new CancelledFailure('CANCELLED');
    assert.equal(toActivityFailure(cancelled, { action: 'x' }), cancelled);
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    assert.equal(toActivityFailure(abort, { action: 'x' }), abort);
    const done = ApplicationFailure.nonRetryable('already', 'StackGone');
    assert.equal(toActivityFailure(done, { action: 'x' }), done);
  });

  it('leaves a programming error as it is (not an AWS answer)', () => {
    const bug = new TypeError('cannot read properties of undefined');
    assert.equal(toActivityFailure(bug, { action: 'x' }), bug);
  });

  it('never passes on anything that looks like key material', () => {
    const pem = `${PEM_DASHES}BEGIN RSA PRIVATE KEY${PEM_DASHES}\nMIIEowIBAAKCAQEA${'A'.repeat(300)}\n${PEM_DASHES}END RSA PRIVATE KEY${PEM_DASHES}`;
    const f = classify(awsError('ValidationError', `Parameter value ${pem} is invalid`), { action: 'x', subject: 'template' });
    assert.doesNotMatch(f.message, /MIIE|AAAAAAAAAA/);
    assert.match(f.message, /\[redacted PEM\]/);
    assert.match(cleanAwsMessage(`blob ${'Zm9v'.repeat(50)} end`), /blob \[redacted\] end/);
    assert.ok(cleanAwsMessage('x'.repeat(2000)).length <= 601);
  });
});
