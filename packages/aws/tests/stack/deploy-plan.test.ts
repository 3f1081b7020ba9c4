import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ForeignStackError, StackBusyError, StackFailedError, StackGoneError } from '../../src/errors.js';
import { planDeploy } from '../../src/stack/deploy-plan.js';
import type { PlanInput } from '../../src/stack/deploy-plan.js';
import { fakeStack, STACK_ID } from './helpers/fake-cloudformation.js';
import type { FakeStackOptions } from './helpers/fake-cloudformation.js';

const TOKEN = 'kube-aws-assets-run1';

function plan(phase: PlanInput['phase'], stack: FakeStackOptions | null) {
  return planDeploy({ stack: stack === null ? null : fakeStack(stack), stackName: 'kube-cluster', clusterName: 'kube-cluster', phase, createToken: TOKEN });
}

describe('planDeploy', () => {
  it('creates a missing stack in the assets phase, and refuses the nodes phase without one', () => {
    assert.deepEqual(plan('assets', null), { kind: 'create' });
    assert.throws(() => plan('nodes', null), StackGoneError);
  });

  it('never touches a stack without this cluster\'s owner tag', () => {
    assert.throws(() => plan('assets', { status: 'CREATE_COMPLETE', owner: null }), (e: unknown) => e instanceof ForeignStackError && /no kube-aws:cluster tag/.test(e.message));
    assert.throws(() => plan('nodes', { status: 'CREATE_COMPLETE', owner: 'other-cluster' }), (e: unknown) => e instanceof ForeignStackError && /other-cluster/.test(e.message));
  });

  it('goes on with a create change set not yet executed (REVIEW_IN_PROGRESS)', () => {
    assert.deepEqual(plan('assets', { status: 'REVIEW_IN_PROGRESS' }), { kind: 'create' });
    assert.throws(() => plan('nodes', { status: 'REVIEW_IN_PROGRESS' }), StackGoneError);
  });

  it('adopts the stack its own token created, whatever became of the create', () => {
    for (const status of ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE', 'ROLLBACK_COMPLETE', 'CREATE_FAILED']) {
      assert.deepEqual(plan('assets', { status, createToken: TOKEN }), { kind: 'adopt-create', stackId: STACK_ID }, status);
    }
  });

  it('adopts a create under way from another attempt rather than colliding with it', () => {
    assert.deepEqual(plan('assets', { status: 'CREATE_IN_PROGRESS', createToken: 'kube-aws-assets-run0' }), { kind: 'adopt-create', stackId: STACK_ID });
  });

  it('refuses a stack whose create failed under another token', () => {
    assert.throws(
      () => plan('assets', { status: 'ROLLBACK_COMPLETE', createToken: 'kube-aws-assets-run0' }),
      (e: unknown) => e instanceof StackFailedError && /kube-aws destroy/.test(e.message),
    );
  });

  it('lets the nodes phase check an update in progress, and calls anything else in progress busy', () => {
    assert.deepEqual(plan('nodes', { status: 'UPDATE_IN_PROGRESS' }), { kind: 'adopt-update-if-ours', stackId: STACK_ID });
    assert.deepEqual(plan('nodes', { status: 'UPDATE_ROLLBACK_IN_PROGRESS' }), { kind: 'adopt-update-if-ours', stackId: STACK_ID });
    assert.throws(() => plan('nodes', { status: 'DELETE_IN_PROGRESS' }), StackBusyError);
    assert.throws(() => plan('assets', { status: 'UPDATE_IN_PROGRESS' }), StackBusyError);
  });

  it('updates a settled stack, but never takes the nodes away in the assets phase', () => {
    for (const status of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_FAILED']) {
      assert.deepEqual(plan('nodes', { status, parameters: { Phase: 'assets' } }), { kind: 'update', stackId: STACK_ID }, status);
    }
    assert.deepEqual(plan('assets', { status: 'UPDATE_COMPLETE', parameters: { Phase: 'nodes' } }), { kind: 'nothing-to-do', stackId: STACK_ID });
    assert.deepEqual(plan('assets', { status: 'CREATE_COMPLETE', parameters: { Phase: 'assets' }, createToken: 'old' }), { kind: 'update', stackId: STACK_ID });
  });

  it('sends UPDATE_ROLLBACK_FAILED to continue-update-rollback', () => {
    assert.throws(
      () => plan('nodes', { status: 'UPDATE_ROLLBACK_FAILED' }),
      (e: unknown) => e instanceof StackFailedError && /continue-update-rollback/.test(e.message),
    );
    assert.throws(() => plan('nodes', { status: 'DELETE_FAILED' }), StackFailedError);
  });
});
