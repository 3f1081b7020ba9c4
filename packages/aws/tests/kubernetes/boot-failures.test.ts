// Why a node did not join, in observeKubernetes: with the HTTP boundary and EC2 faked, the console
// of each instance not registered (every one while the API server does not answer) is read with
// GetConsoleOutput, at most once per instance per 30 s; its failed unit goes into the snapshot's
// bootFailures and the node's notReady line; an EC2 that refuses is no console, never a failure.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFile } from 'node:fs/promises';
import type { GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import type { V1Node } from '@kubernetes/client-node';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { AwsClients } from '../../src/clients.js';
import type { NodeBootFailure, ObserveKubernetesInput } from '../../src/contract.js';
import { snapshotOf, unreachableSnapshot } from '../../src/kubernetes/cluster-snapshot.js';
import type { ClusterObjects } from '../../src/kubernetes/cluster-snapshot.js';
import { fileUri, removeDir, renderedClusterDir } from '../helpers/cluster-dir.js';

const KMS = 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-0000-0000-000000000000';
const CONTROLLER = { nodeName: 'ip-10-0-0-50.us-west-1.compute.internal', instanceId: 'i-0controller0000000' };
const WORKER = { nodeName: 'ip-10-0-0-51.us-west-1.compute.internal', instanceId: 'i-0abc123def4567890' };
const EMPTY: ClusterObjects = { nodes: [], deployments: [], daemonSets: [], pods: [] };
const FAILED = await readFile(new URL('../fixtures/consoles/decrypt-failed.txt', import.meta.url), 'utf8');
const HEALTHY = await readFile(new URL('../fixtures/consoles/healthy.txt', import.meta.url), 'utf8');
const EXEC_LINE = 'ctr: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "kms": executable file not found in $PATH: unknown';
const refused = () => Object.assign(new Error('request to https://127.0.0.1:1/api/v1/nodes failed, reason: connect ECONNREFUSED 127.0.0.1:1'), { name: 'FetchError', code: 'ECONNREFUSED' });
const registered = (name: string): V1Node => ({ metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });

let dir: string;
before(async () => (dir = await renderedClusterDir({ kmsKeyArn: KMS })));
after(() => removeDir(dir));

/**
 * The activities over a fake clock, a faked API server (`read`) and a faked EC2 whose consoles
 * are `consoles` (instance id → text; `Error` → that error thrown).
 */
function harness(read: () => ClusterObjects, consoles: Record<string, string | Error>) {
  let clock = Date.now();
  const requests: { InstanceId?: string; Latest?: boolean; region: string }[] = [];
  const ec2For = (region: string) => ({
    send: async (command: GetConsoleOutputCommand) => {
      requests.push({ ...command.input, region });
      const answer = consoles[command.input.InstanceId ?? ''];
      if (answer instanceof Error) throw answer;
      return { InstanceId: command.input.InstanceId, ...(answer === undefined ? {} : { Output: Buffer.from(answer).toString('base64') }) };
    },
  });
  const activities = createNodeAndAssetActivities(
    resolveDeps({
      now: () => new Date(clock),
      clientsFor: (region) => ({ ec2: ec2For(region) }) as unknown as AwsClients,
      kube: {
        sleep: async (ms) => {
          clock += ms;
        },
        read: async () => read(),
      },
    }),
  );
  return { activities, requests, advance: (ms: number) => (clock += ms) };
}

const input = (over: Partial<ObserveKubernetesInput> = {}): ObserveKubernetesInput => ({
  assetsUri: fileUri(dir),
  expectedNodes: [CONTROLLER.nodeName, WORKER.nodeName],
  controllerNode: CONTROLLER.nodeName,
  maxWaitSeconds: 30,
  nodeInstances: { region: 'us-west-1', instances: [CONTROLLER, WORKER] },
  ...over,
});
const run = <R>(fn: () => Promise<R>): Promise<R> => new MockActivityEnvironment().run(fn) as Promise<R>;

describe('observeKubernetes reads the console of nodes that have not registered', () => {
  it('names the failed unit, its status and its last line; reads each console once per 30 s', async () => {
    const h = harness(() => ({ ...EMPTY, nodes: [registered(CONTROLLER.nodeName)] }), { [WORKER.instanceId]: FAILED });
    const result = await run(() => h.activities.observeKubernetes(input()));
    assert.equal(result.polls, 7, 'it polled for its 30 s');
    assert.deepEqual(result.bootFailures, [{ ...WORKER, units: [{ unit: 'kube-aws-decrypt-assets.service', result: 'exit-code', status: '1', lastLines: [EXEC_LINE] }] }]);
    assert.ok(
      result.notReady.includes(`node ${WORKER.nodeName} (${WORKER.instanceId}): not registered — kube-aws-decrypt-assets.service failed (status=1): ${EXEC_LINE}`),
      result.notReady.join('\n'),
    );
    // Only the worker (the controller registered); 30 s of polls: the first look and one at 30 s.
    assert.deepEqual(h.requests, [
      { InstanceId: WORKER.instanceId, Latest: true, region: 'us-west-1' },
      { InstanceId: WORKER.instanceId, Latest: true, region: 'us-west-1' },
    ]);
    // The next call, at once: the worker's console was just read; the answer is remembered.
    const again = await run(() => h.activities.observeKubernetes(input({ maxWaitSeconds: 0 })));
    assert.equal(h.requests.length, 2);
    assert.deepEqual(again.bootFailures, result.bootFailures);
  });

  it('reads every console while the API server does not answer, and says why under the API server line', async () => {
    const h = harness(() => { throw refused(); }, { [CONTROLLER.instanceId]: FAILED, [WORKER.instanceId]: HEALTHY });
    const result = await run(() => h.activities.observeKubernetes(input({ maxWaitSeconds: 0 })));
    assert.equal(result.reachable, false);
    assert.deepEqual(h.requests.map((r) => r.InstanceId), [CONTROLLER.instanceId, WORKER.instanceId]);
    assert.deepEqual(result.bootFailures?.map((f) => f.instanceId), [CONTROLLER.instanceId]);
    assert.match(result.notReady[0] ?? '', /^API server: connection refused/);
    assert.match(result.notReady[1] ?? '', /^node ip-10-0-0-50\.us-west-1\.compute\.internal \(i-0controller0000000\): not registered — kube-aws-decrypt-assets\.service failed \(status=1\): ctr: /);
  });

  it('an EC2 that refuses (AccessDenied, throttling) is no console output, never a failure', async () => {
    const denied = Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' });
    const throttled = Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
    const h = harness(() => EMPTY, { [CONTROLLER.instanceId]: denied, [WORKER.instanceId]: throttled });
    const result = await run(() => h.activities.observeKubernetes(input({ maxWaitSeconds: 0 })));
    assert.equal(result.bootFailures, undefined);
    assert.ok(result.notReady.includes(`node ${WORKER.nodeName}: not registered (its kubelet has not joined the cluster yet)`));
    assert.equal(h.requests.length, 2);
  });

  it('reads no console without nodeInstances (runs started before it), nor for registered nodes', async () => {
    const h = harness(() => EMPTY, { [WORKER.instanceId]: FAILED });
    const { nodeInstances: _omitted, ...old } = input({ maxWaitSeconds: 0 });
    await run(() => h.activities.observeKubernetes(old));
    const all = harness(() => ({ ...EMPTY, nodes: [registered(CONTROLLER.nodeName), registered(WORKER.nodeName)] }), { [WORKER.instanceId]: FAILED });
    await run(() => all.activities.observeKubernetes(input({ maxWaitSeconds: 0 })));
    assert.deepEqual([h.requests.length, all.requests.length], [0, 0]);
  });
});

describe('snapshots with boot failures', () => {
  const expected = { nodes: [CONTROLLER.nodeName, WORKER.nodeName], controllerNode: CONTROLLER.nodeName, workloads: [] };
  const failure: NodeBootFailure = { ...WORKER, units: [{ unit: 'kube-aws-node-env.service', status: '7', lastLines: ['curl: (7) Failed to connect to 169.254.169.254'] }] };
  const NOW = new Date('2026-11-26T12:00:00Z');

  it('a failure replaces the node\'s "not registered" line; one for a node that registered meanwhile is dropped', () => {
    const s = snapshotOf({ ...EMPTY, nodes: [registered(CONTROLLER.nodeName)] }, expected, NOW, [failure, { ...failure, ...CONTROLLER }]);
    assert.deepEqual(s.notReady, [`node ${WORKER.nodeName} (${WORKER.instanceId}): not registered — kube-aws-node-env.service failed (status=7): curl: (7) Failed to connect to 169.254.169.254`]);
    assert.deepEqual(s.bootFailures, [failure]);
    assert.equal(snapshotOf(EMPTY, expected, NOW).bootFailures, undefined);
  });

  it('an unreachable snapshot lists them after the API server line', () => {
    const s = unreachableSnapshot(expected, 'connection refused', NOW, [failure]);
    assert.equal(s.notReady.length, 2);
    assert.deepEqual(s.bootFailures, [failure]);
  });
});
