// Exit codes from failure types (the contracts' FAILURE_TYPES and WORKFLOW_FAILURE_TYPES), and
// the messages: the ApplicationFailure's own, with the failed stack resources listed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAILURE_TYPES } from '@kube-aws/aws';
import { WORKFLOW_FAILURE_TYPES } from '@kube-aws/workflows';
import { ActivityFailure, ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure, WorkflowFailedError } from '@temporalio/client';
import { workflowRunError } from '../../src/durable/workflow-failure.js';
import { ExitCode } from '../../src/exit-codes.js';

const ctx = { workflowId: 'kube-aws:123456789012:us-west-1:kube-cluster', prefix: 'Error creating cluster', checkCommand: 'kube-aws status' };

/** How a failed workflow reaches the client: WorkflowFailedError → (ActivityFailure →) cause. */
function failed(cause: Error, viaActivity = false): WorkflowFailedError {
  const inner = viaActivity ? new ActivityFailure('Activity task failed', 'preflight', '7', 'NON_RETRYABLE_FAILURE', 'worker@host', cause) : cause;
  return new WorkflowFailedError('Workflow execution failed', inner, 'NON_RETRYABLE_FAILURE');
}

const appFailure = (type: string, message: string, details: unknown[] = []): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details });

describe('exit codes by failure type', () => {
  for (const [type, kind] of Object.entries({ ...FAILURE_TYPES, ...WORKFLOW_FAILURE_TYPES })) {
    const expected = { user: ExitCode.UserError, infra: ExitCode.Failure, timeout: ExitCode.Timeout }[kind];
    it(`${type} (${kind}) → ${expected}`, () => {
      const error = workflowRunError(failed(appFailure(type, `${type} happened`), true), ctx);
      assert.equal(error.exitCode, expected);
      assert.equal(error.failureType, type);
      assert.equal(error.message, `Error creating cluster: ${type} happened`);
    });
  }

  it('finds the typed failure whether the workflow rethrew it or the activity failure came through', () => {
    const direct = workflowRunError(failed(appFailure('PreflightFailed', 'Key isaack-k8s does not exist.')), ctx);
    const wrapped = workflowRunError(failed(appFailure('PreflightFailed', 'Key isaack-k8s does not exist.'), true), ctx);
    assert.equal(direct.exitCode, ExitCode.UserError);
    assert.deepEqual([wrapped.exitCode, wrapped.message], [direct.exitCode, direct.message]);
  });

  it('a workflow timeout is exit 3 and says how to look at the cluster', () => {
    const error = workflowRunError(
      new WorkflowFailedError('Workflow execution timed out', new TimeoutFailure('Workflow execution timed out', undefined, 'START_TO_CLOSE' as ConstructorParameters<typeof TimeoutFailure>[2]), 'TIMEOUT'),
      ctx,
    );
    assert.equal(error.exitCode, ExitCode.Timeout);
    assert.match(error.message, /timed out.*Check with: kube-aws status/);
  });

  it('cancelled and terminated runs are failures (1) that say who stopped them', () => {
    assert.match(workflowRunError(failed(new CancelledFailure('cancelled')), ctx).message, /was cancelled/);
    const terminated = workflowRunError(failed(new TerminatedFailure('terminated')), ctx);
    assert.equal(terminated.exitCode, ExitCode.Failure);
    assert.match(terminated.message, /was terminated/);
  });

  it('an unknown type is an infrastructure failure with the innermost message', () => {
    const error = workflowRunError(failed(appFailure('SomethingNew', 'the disk is full'), true), ctx);
    assert.equal(error.exitCode, ExitCode.Failure);
    assert.equal(error.message, 'Error creating cluster: the disk is full');
  });
});

describe('StackFailed', () => {
  const failures = [
    { logicalId: 'Subnet0', resourceType: 'AWS::EC2::Subnet', status: 'CREATE_FAILED', reason: 'The CIDR 10.0.0.0/24 conflicts with another subnet' },
    { logicalId: 'InstanceController', resourceType: 'AWS::EC2::Instance', status: 'CREATE_FAILED', reason: 'Resource creation cancelled' },
  ];

  it('lists the failed resources from the failure details, kube-aws style', () => {
    const error = workflowRunError(failed(appFailure('StackFailed', 'stack kube-cluster is CREATE_FAILED', failures)), ctx);
    assert.equal(error.exitCode, ExitCode.Failure);
    assert.equal(
      error.message,
      'Error creating cluster: stack kube-cluster is CREATE_FAILED\n\nThe resources that failed:\n' +
        '  CREATE_FAILED AWS::EC2::Subnet Subnet0 The CIDR 10.0.0.0/24 conflicts with another subnet\n' +
        '  CREATE_FAILED AWS::EC2::Instance InstanceController Resource creation cancelled',
    );
    assert.deepEqual(error.details, failures);
  });

  it('falls back to the failures the last progress answer listed', () => {
    const error = workflowRunError(failed(appFailure('StackFailed', 'stack kube-cluster is ROLLBACK_COMPLETE')), { ...ctx, progressFailures: [failures[0]!] });
    assert.match(error.message, /The resources that failed:\n {2}CREATE_FAILED AWS::EC2::Subnet Subnet0 /);
  });
});
