// observeKubernetes' loop with the HTTP boundary faked (deps.read): backoff, heartbeats, returning
// at maxWait with the latest snapshot, an unreachable server as a snapshot, 401 as a failure.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiException } from '@kubernetes/client-node';
import type { V1Node } from '@kubernetes/client-node';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { ClusterObjects } from '../../src/kubernetes/cluster-snapshot.js';
import { fileUri, removeDir, renderedClusterDir } from '../helpers/cluster-dir.js';
import { rejectsWithFailure } from '../helpers/activity-env.js';

const KMS = 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-0000-0000-000000000000';
const NODES = ['ip-10-0-0-50.us-west-1.compute.internal', 'ip-10-0-0-100.us-west-1.compute.internal'];
const EMPTY: ClusterObjects = { nodes: [], deployments: [], daemonSets: [], pods: [] };
const refused = () => Object.assign(new Error('request to https://127.0.0.1:1/api/v1/nodes failed, reason: connect ECONNREFUSED 127.0.0.1:1'), { name: 'FetchError', code: 'ECONNREFUSED' });

let dir: string;
before(async () => (dir = await renderedClusterDir({ kmsKeyArn: KMS })));
after(() => removeDir(dir));

/** The activities over a fake clock; `reads` answers each poll in turn (the last repeats). */
function harness(reads: readonly (() => ClusterObjects)[]) {
  let clock = Date.now(); // the rendered certificates are valid from now on
  const slept: number[] = [];
  let polls = 0;
  const activities = createNodeAndAssetActivities(
    resolveDeps({
      now: () => new Date(clock),
      kube: {
        sleep: async (ms) => {
          slept.push(ms);
          clock += ms;
        },
        read: async () => {
          const answer = reads[Math.min(polls, reads.length - 1)] as () => ClusterObjects;
          polls += 1;
          return answer();
        },
      },
    }),
  );
  return { activities, slept, advance: (ms: number) => (clock += ms) };
}

async function runWithHeartbeats<R>(fn: () => Promise<R>): Promise<{ result: R; beats: unknown[] }> {
  const env = new MockActivityEnvironment();
  const beats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => beats.push(d));
  const result: R = await env.run(fn);
  return { result, beats };
}

describe('observeKubernetes (HTTP faked)', () => {
  it('keeps polling an unreachable server with backoff, heartbeating the cause, and returns the snapshot at maxWait', async () => {
    const h = harness([() => { throw refused(); }]);
    const { result, beats } = await runWithHeartbeats(() => h.activities.observeKubernetes({ assetsUri: fileUri(dir), expectedNodes: NODES, controllerNode: NODES[0] as string, maxWaitSeconds: 30 }));
    assert.deepEqual(h.slept, [1000, 2000, 4000, 8000, 10_000, 5000]);
    assert.equal(result.reachable, false);
    assert.match(result.cause ?? '', /connection refused by kube\.isaack\.io \(ECONNREFUSED\): the API server is not listening yet/);
    assert.deepEqual([result.nodesReady, result.nodesExpected, result.polls], [0, 2, 7]);
    assert.equal(beats.length, 7);
    assert.deepEqual(Object.keys(beats[0] as object).sort(), ['cause', 'nodes', 'pods', 'poll', 'reachable']);
    assert.doesNotMatch(JSON.stringify({ result, beats }), /PRIVATE KEY|BEGIN/);
  });

  it("returns as soon as the server answers with returnWhen 'reachable', and at once when all is ready", async () => {
    const h = harness([() => { throw refused(); }, () => EMPTY]);
    const reachable = await runWithHeartbeats(() =>
      h.activities.observeKubernetes({ assetsUri: fileUri(dir), expectedNodes: NODES, controllerNode: NODES[0] as string, maxWaitSeconds: 30, returnWhen: 'reachable' }),
    );
    assert.deepEqual([reachable.result.reachable, reachable.result.ready, reachable.result.polls], [true, false, 2]);
    assert.ok(reachable.result.notReady.some((l) => l.includes('not registered')));

    const ready = (name: string): V1Node => ({ metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    // Every node Ready but kube-system empty: not ready, so it waits out maxWait.
    const h2 = harness([() => EMPTY, () => ({ ...EMPTY, nodes: NODES.map(ready) })]);
    const second = await runWithHeartbeats(() => h2.activities.observeKubernetes({ assetsUri: fileUri(dir), expectedNodes: NODES, controllerNode: NODES[0] as string, maxWaitSeconds: 5 }));
    assert.equal(second.result.nodesReady, 2);
    assert.equal(second.result.ready, false, 'the userdata expects kube-system workloads too');
    assert.deepEqual(h2.slept, [1000, 2000, 2000]);
  });

  it('fails at once, naming the kubeconfig, when the admin credential is rejected (401)', async () => {
    const h = harness([() => { throw new ApiException(401, 'Unauthorized', { kind: 'Status', message: 'Unauthorized' }, {}); }]);
    const failure = await rejectsWithFailure(
      new MockActivityEnvironment().run(() => h.activities.observeKubernetes({ assetsUri: fileUri(dir), expectedNodes: NODES, controllerNode: NODES[0] as string, maxWaitSeconds: 30 })),
      'CredentialRejected',
    );
    assert.match(failure.message, /^kubeconfig, the admin credential \(credentials\/admin\.pem\), was rejected by the API server \(401\): it is signed by credentials\/ca\.pem, so the API server trusts another CA/);
    assert.deepEqual(h.slept, []);
  });
});
