// `kube-aws verify`, and the node table `up --verify` and `provision` end with, against a fake Temporal.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { KubernetesProgress, KubernetesReport, UpResult, VerifyResult } from '@kube-aws/workflows';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { clusterDir, removeDir } from './cluster-dir.js';
import { FakeTemporal, progressOf } from './fake-temporal.js';
import { ACCOUNT, CLUSTER_ID, harness } from './harness.js';

const CONTROLLER = 'ip-10-0-0-50.us-west-1.compute.internal';
const KUBERNETES: KubernetesReport = {
  server: 'https://kube.isaack.io',
  serverName: 'kube.isaack.io',
  credentials: ['kubeconfig', 'credentials/worker.pem', 'credentials/controller-manager.pem', 'credentials/scheduler.pem', 'credentials/apiserver-kubelet-client.pem'].map((file) => ({ file, what: 'x', username: 'u', groups: [] })),
  nodes: [
    { name: 'ip-10-0-0-100.us-west-1.compute.internal', status: 'Ready', roles: '<none>', age: '2m10s', version: 'v1.36.3', ready: true },
    { name: 'ip-10-0-0-101.us-west-1.compute.internal', status: 'Ready', roles: '<none>', age: '2m8s', version: 'v1.36.3', ready: true },
    { name: CONTROLLER, status: 'Ready,SchedulingDisabled', roles: 'control-plane', age: '3m', version: 'v1.36.3', ready: true },
  ],
  nodesReady: 3,
  nodesExpected: 3,
  workloads: [],
  podsReady: 11,
  podsTotal: 11,
};
const NODE_TABLE =
  'NAME                                       STATUS                     ROLES           AGE     VERSION\n' +
  'ip-10-0-0-100.us-west-1.compute.internal   Ready                      <none>          2m10s   v1.36.3\n' +
  'ip-10-0-0-101.us-west-1.compute.internal   Ready                      <none>          2m8s    v1.36.3\n' +
  'ip-10-0-0-50.us-west-1.compute.internal    Ready,SchedulingDisabled   control-plane   3m      v1.36.3\n';
const VERDICT = 'Kubernetes is ready: 3/3 nodes Ready, 11/11 kube-system pods available; 5 client credentials authenticated.\n';

const RESULT: VerifyResult = { clusterName: 'kube-cluster', stackId: 'arn:1', stackStatus: 'UPDATE_COMPLETE', controllerIP: '54.183.20.7', alreadyUp: true, kubernetes: KUBERNETES };

const START = Date.parse('2026-01-01T10:00:00.000Z');
const at = (s: number): string => new Date(START + s * 1000).toISOString();
const look = (s: number, k: Partial<KubernetesProgress>): KubernetesProgress => ({
  reachable: true, credentialsChecked: true, ready: false, nodesReady: 0, nodesExpected: 3, podsReady: 0, podsTotal: 11, nodes: [], notReady: [], observedAt: at(s), ...k,
});

/** verify's answers while it waits: API server refusing, then 1/3 nodes, then the same again, then done. */
function scriptVerify(fake: FakeTemporal, finish: () => void): void {
  const verify = { step: 'verify' as const, state: 'running' as const, startedAt: at(2) };
  fake.progress = [
    progressOf({ command: 'verify', step: 'verify', steps: [verify], kubernetes: look(5, { reachable: false, cause: 'connection refused by kube.isaack.io (ECONNREFUSED): the API server is not listening yet' }) }),
    progressOf({ command: 'verify', step: 'verify', steps: [verify], kubernetes: look(40, { nodesReady: 1, podsReady: 4, cause: `node ip-10-0-0-100.us-west-1.compute.internal: not registered (its kubelet has not joined the cluster yet)` }) }),
    progressOf({ command: 'verify', step: 'verify', steps: [verify], kubernetes: look(70, { nodesReady: 1, podsReady: 4, cause: `node ip-10-0-0-100.us-west-1.compute.internal: not registered (its kubelet has not joined the cluster yet)` }) }),
    progressOf({ command: 'verify', step: 'done', steps: [{ ...verify, state: 'done', endedAt: at(95) }], kubernetes: look(95, { ready: true, nodesReady: 3, podsReady: 11 }) }),
  ];
  fake.onQuery = (n) => {
    if (n === 4) finish();
  };
}

describe('kube-aws verify', () => {
  let dir: string;
  before(async () => (dir = await clusterDir()));
  after(() => removeDir(dir));

  it('runs verifyWorkflow read-only, shows nodes/pods and the cause while waiting, and ends with the node table', async () => {
    const fake = new FakeTemporal();
    fake.addRun(CLUSTER_ID, 'upWorkflow'); // a running up does not stop a look
    scriptVerify(fake, () => fake.complete(RESULT));
    const run = await harness(dir, fake).run(['verify', '--timeout', '600']);
    assert.equal(run.code, 0, run.stderr);
    const start = fake.starts[0]!;
    assert.equal(start.workflowType, 'verifyWorkflow');
    assert.match(start.workflowId, new RegExp(`^${CLUSTER_ID}:verify:[a-z0-9-]{8}$`));
    assert.deepEqual(start.input, { assetsUri: pathToFileURL(dir).href, clusterName: 'kube-cluster', region: 'us-west-1', account: ACCOUNT, timeoutSeconds: 600 });

    const lines = run.stderr.split('\n').filter((l) => l.includes('kubernetes:'));
    assert.deepEqual(lines, [
      '+00:05  kubernetes: API server not reachable yet — connection refused by kube.isaack.io (ECONNREFUSED): the API server is not listening yet',
      '+00:40  kubernetes: nodes 1/3 Ready, kube-system pods 4/11 available — waiting for: node ip-10-0-0-100.us-west-1.compute.internal: not registered (its kubelet has not joined the cluster yet)',
      '+01:35  kubernetes: nodes 3/3 Ready, kube-system pods 11/11 available, credentials OK',
    ]);
    assert.equal(run.stdout, `Cluster Name:\tkube-cluster\nController IP:\t54.183.20.7\n\n${VERDICT}\n${NODE_TABLE}`);
  });

  it('a timeout is exit 3 with what is not ready; a rejected credential is exit 2 naming the file', async () => {
    const fail = (type: string, message: string) => new WorkflowFailedError('Workflow execution failed', ApplicationFailure.create({ type, message, nonRetryable: true }), 'NON_RETRYABLE_FAILURE');
    const slow = new FakeTemporal();
    scriptVerify(slow, () => slow.fail(fail('KubernetesNotReady', 'Kubernetes was not ready after 600s: nodes 1/3 Ready, kube-system pods 4/11 available. Not ready:\n  - node ip-10-0-0-100.us-west-1.compute.internal: not registered')));
    const timedOut = await harness(dir, slow).run(['verify']);
    assert.equal(timedOut.code, 3);
    assert.match(timedOut.stderr, /Error: Error verifying cluster: Kubernetes was not ready after 600s: nodes 1\/3 Ready.*\n {2}- node ip-10-0-0-100\.us-west-1\.compute\.internal: not registered/);
    assert.equal((slow.starts[0]!.input as { timeoutSeconds?: number }).timeoutSeconds, undefined);

    const rejected = new FakeTemporal();
    const message = 'credentials/worker.pem, the worker bootstrap credential, was rejected by the API server (401): it is not signed by the CA the API server trusts (credentials/ca.pem); re-render it';
    scriptVerify(rejected, () => rejected.fail(fail('CredentialRejected', message)));
    const run = await harness(dir, rejected).run(['verify']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, new RegExp(`Error: Error verifying cluster: ${message.replace(/[()]/g, '\\$&')}`));
    assert.equal(run.stdout, '');
  });

  it('refuses a --timeout that is not a number of seconds (exit 2), before connecting', async () => {
    const fake = new FakeTemporal();
    const run = await harness(dir, fake).run(['verify', '--timeout', '10m']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--timeout 10m: give the number of seconds to wait/);
    assert.equal(fake.starts.length, 0);
  });
});

describe('up --verify and provision print the node table', () => {
  let dir: string;
  before(async () => (dir = await clusterDir()));
  after(() => removeDir(dir));

  for (const command of ['up', 'provision'] as const) {
    it(`${command}: the seed's success lines, then the verdict and the table`, async () => {
      const fake = new FakeTemporal();
      const result: UpResult = { ...RESULT, alreadyUp: false, stackStatus: 'CREATE_COMPLETE' };
      scriptVerify(fake, () => fake.complete(result));
      const run = await harness(dir, fake).run(command === 'up' ? ['up', '--verify'] : ['provision']);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(run.stdout.endsWith(`Success! Your AWS resources have been created:\nCluster Name:\tkube-cluster\nController IP:\t54.183.20.7\n\n${VERDICT}\n${NODE_TABLE}`), run.stdout);
      assert.doesNotMatch(run.stdout, /containers that power your cluster are now being downloaded/);
    });
  }
});
