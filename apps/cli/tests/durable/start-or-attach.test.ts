// One mutating operation per cluster: start, attach to the same command, refuse another one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterBusyError } from '../../src/errors.js';
import { ExitCode } from '../../src/exit-codes.js';
import { startOrAttach } from '../../src/durable/start-or-attach.js';
import { FakeTemporal } from './fake-temporal.js';

const ID = 'kube-aws:123456789012:us-west-1:kube-cluster';
const busy = { clusterName: 'kube-cluster', uiUrl: 'http://localhost:8233/namespaces/default/workflows/x', commandLine: 'kube-aws destroy' };
const request = (workflowType: string, invocation = 'mine') => ({ workflowType, workflowId: ID, taskQueue: 'kube-aws', input: { clusterName: 'kube-cluster' }, invocation });

describe('startOrAttach', () => {
  it('starts a run when the ID was never used', async () => {
    const fake = new FakeTemporal();
    const { execution, attached } = await startOrAttach(fake, request('upWorkflow'), busy);
    assert.equal(attached, false);
    assert.equal(execution.type, 'upWorkflow');
    assert.equal(fake.starts.length, 1);
  });

  it('attaches to a running run of the same command', async () => {
    const fake = new FakeTemporal();
    const running = fake.addRun(ID, 'upWorkflow');
    const { execution, attached } = await startOrAttach(fake, request('upWorkflow'), busy);
    assert.equal(attached, true);
    assert.equal(execution.runId, running.runId);
  });

  it('refuses a different mutating command, naming what runs, without starting anything', async () => {
    const fake = new FakeTemporal();
    fake.addRun(ID, 'upWorkflow');
    await assert.rejects(startOrAttach(fake, request('destroyWorkflow'), busy), (error: unknown) => {
      assert.ok(error instanceof ClusterBusyError);
      assert.equal(error.exitCode, ExitCode.UserError);
      assert.equal(error.runningType, 'upWorkflow');
      assert.match(error.message, /upWorkflow is running as workflow kube-aws:123456789012:us-west-1:kube-cluster/);
      assert.match(error.message, /watch it at http:\/\/localhost:8233\/namespaces\/default\/workflows\/x/);
      assert.match(error.message, /then run kube-aws destroy again/);
      return true;
    });
    assert.equal(fake.starts.length, 0);
  });

  it('starts a new run over a closed one, even a completed one of the same command', async () => {
    const fake = new FakeTemporal();
    const old = fake.addRun(ID, 'upWorkflow', 'COMPLETED');
    const { execution, attached } = await startOrAttach(fake, request('upWorkflow'), busy);
    assert.equal(attached, false);
    assert.notEqual(execution.runId, old.runId);
  });

  it('a closed run of another command does not block either', async () => {
    const fake = new FakeTemporal();
    fake.addRun(ID, 'destroyWorkflow', 'FAILED');
    assert.equal((await startOrAttach(fake, request('upWorkflow'), busy)).attached, false);
  });

  it('refuses when another CLI started a different command between the look and the start', async () => {
    const fake = new FakeTemporal();
    const describe = fake.describe.bind(fake);
    fake.describe = async (id) => {
      const seen = await describe(id);
      fake.addRun(ID, 'destroyWorkflow'); // lands right after our look
      return seen;
    };
    await assert.rejects(startOrAttach(fake, request('upWorkflow'), busy), /destroyWorkflow is running/);
  });
});
