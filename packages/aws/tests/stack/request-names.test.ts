import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeSetName, deleteRequestToken } from '../../src/stack/request-names.js';

/** What ChangeSetName, ClientToken and ClientRequestToken all accept. */
const VALID = /^[A-Za-z][-A-Za-z0-9]{0,127}$/;

describe('changeSetName', () => {
  it("uses the workflows' token as it is", () => {
    assert.equal(changeSetName('kube-aws-assets-0190f3a2-7b1c-4d5e-8f90-123456789abc', 'assets'), 'kube-aws-assets-0190f3a2-7b1c-4d5e-8f90-123456789abc');
    assert.equal(changeSetName('run42', 'nodes'), 'kube-aws-nodes-run42');
  });

  it('is deterministic and differs by phase, so one token can serve both phases', () => {
    assert.equal(changeSetName('t-1', 'assets'), changeSetName('t-1', 'assets'));
    assert.notEqual(changeSetName('t-1', 'assets'), changeSetName('t-1', 'nodes'));
  });

  it('cleans invalid characters and keeps tokens that clean alike apart', () => {
    const a = changeSetName('up/kube-cluster:run_1', 'assets');
    const b = changeSetName('up/kube-cluster:run-1', 'assets');
    assert.match(a, VALID);
    assert.match(b, VALID);
    assert.notEqual(a, b);
  });

  it('stays within 128 characters', () => {
    const long = changeSetName('x'.repeat(300), 'nodes');
    assert.match(long, VALID);
    assert.ok(long.length <= 128);
    assert.notEqual(long, changeSetName(`${'x'.repeat(299)}y`, 'nodes'));
    assert.match(changeSetName('////', 'assets'), VALID);
  });
});

describe('deleteRequestToken', () => {
  it('is the same for a retry of one delete and new after the stack moved on', () => {
    const first = deleteRequestToken('arn:stack/kube-cluster/1', 'ev-9');
    assert.equal(first, deleteRequestToken('arn:stack/kube-cluster/1', 'ev-9'));
    assert.notEqual(first, deleteRequestToken('arn:stack/kube-cluster/1', 'ev-12'));
    assert.match(first, VALID);
  });
});
