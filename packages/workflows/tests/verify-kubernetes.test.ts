// verify's Kubernetes half (patch `verify-kubernetes`) on a real Temporal dev server with FakeKubeAws:
// the ready path and what progress shows while it waits, the timeout message, a rejected
// credential failing fast, and the determinism of the new path (its own history replays).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObserveKubernetesInput } from '@kube-aws/aws';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { PROGRESS_QUERY, WORKFLOWS } from '../src/contract.js';
import type { Progress } from '../src/contract.js';
import { FakeKubeAws } from '../src/testing/index.js';
import type { FakeScenario } from '../src/testing/index.js';
import { endsCancelled, failsWith } from './support/failures.js';
import { inputFor, startHarness, uniqueClusterName, workflowIdFor } from './support/harness.js';
import type { Harness, Workflows } from './support/harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.teardown();
});

const RUNNING = { status: 'UPDATE_COMPLETE', phase: 'nodes' as const, outputs: { ControllerIP: '198.51.100.9', AssetsBucket: 'b' } };

function verifyFake(label: string, scenario: Partial<FakeScenario> = {}): FakeKubeAws {
  return new FakeKubeAws({ clusterName: uniqueClusterName(label), workerCount: 2, existingStack: RUNNING, ...scenario });
}

async function startVerify(fake: FakeKubeAws, taskQueue: string, timeoutSeconds: number) {
  return h.env.client.workflow.start<Workflows['verifyWorkflow']>(WORKFLOWS.verify, {
    taskQueue,
    workflowId: workflowIdFor(fake, 'verify'),
    args: [{ ...inputFor(fake), timeoutSeconds }],
  });
}

const observeInputs = (fake: FakeKubeAws) => fake.log.filter((c) => c.name === 'observeKubernetes').map((c) => c.input as ObserveKubernetesInput);

describe('verify with the Kubernetes checks', () => {
  it('waits for the API server, checks the credentials once, waits for Ready, and reports the node table', async () => {
    const fake = verifyFake('kready', { kubernetes: { unreachableCalls: 1, notReadyCalls: 1 } });
    await h.run(fake, async ({ taskQueue }) => {
      // One hold per activity name at a time: each stage holds the next call before releasing.
      const secondLook = fake.hold('observeKubernetes', 2);
      const handle = await startVerify(fake, taskQueue, 120);

      // After the first look: the API server refused, and progress says so.
      await secondLook;
      let progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(progress.step, 'verify');
      assert.equal(progress.kubernetes?.reachable, false);
      assert.match(progress.kubernetes?.cause ?? '', /ECONNREFUSED/);
      const credentialCheck = fake.hold('checkClusterCredentials');
      fake.release('observeKubernetes');

      // After the second: reachable, the workers NotReady; the credentials are being checked.
      await credentialCheck;
      progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.deepEqual([progress.kubernetes?.reachable, progress.kubernetes?.credentialsChecked, progress.kubernetes?.nodesReady], [true, false, 1]);
      const thirdLook = fake.hold('observeKubernetes', 3);
      fake.release('checkClusterCredentials');

      await thirdLook;
      progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.deepEqual(
        [progress.kubernetes?.reachable, progress.kubernetes?.credentialsChecked, progress.kubernetes?.nodesReady, progress.kubernetes?.nodesExpected],
        [true, true, 1, 3],
      );
      assert.match(progress.kubernetes?.cause ?? '', /NotReady: Ready=False \(KubeletNotReady/);
      assert.equal(progress.kubernetes?.nodes.length, 3);
      fake.release('observeKubernetes');

      const result = await handle.result();
      assert.equal(result.kubernetes?.nodesReady, 3);
      assert.equal(result.kubernetes?.nodesExpected, 3);
      assert.deepEqual(result.kubernetes?.credentials.map((c) => c.file), ['kubeconfig', 'credentials/worker.pem', 'credentials/controller-manager.pem', 'credentials/scheduler.pem', 'credentials/apiserver-kubelet-client.pem']);
      assert.deepEqual(
        result.kubernetes?.nodes.map((n) => `${n.name} ${n.status} ${n.roles}`),
        ['ip-10-0-0-100 Ready <none>', 'ip-10-0-0-101 Ready <none>', 'ip-10-0-0-50 Ready,SchedulingDisabled control-plane'],
      );
      assert.deepEqual(fake.log.map((c) => c.name), ['loadCluster', 'describeStack', 'describeNodeInstances', 'observeKubernetes', 'observeKubernetes', 'checkClusterCredentials', 'observeKubernetes']);
      const looks = observeInputs(fake);
      assert.deepEqual(looks.map((l) => l.returnWhen), ['reachable', 'reachable', 'ready']);
      assert.deepEqual(looks[0]?.expectedNodes, ['ip-10-0-0-50', 'ip-10-0-0-100', 'ip-10-0-0-101']);
      assert.equal(looks[0]?.controllerNode, 'ip-10-0-0-50');
      assert.ok(looks.every((l) => l.maxWaitSeconds > 0 && l.maxWaitSeconds <= 30));

      progress = await handle.query<Progress>(PROGRESS_QUERY);
      const verifyStep = progress.steps.find((s) => s.step === 'verify');
      assert.match(verifyStep?.detail ?? '', /3\/3 nodes Ready, 3\/3 kube-system pods available/);

      // The new path is deterministic: its own history replays against the same code.
      await Worker.runReplayHistory({ workflowBundle: h.bundle }, await handle.fetchHistory(), handle.workflowId);
    });
  });

  it('at the deadline fails with KubernetesNotReady listing what is not ready and why', async () => {
    const fake = verifyFake('ktimeout', { kubernetes: { notReadyCalls: Infinity } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await startVerify(fake, taskQueue, 4);
      const failure = await failsWith(handle.result(), 'KubernetesNotReady');
      assert.match(failure.message, /^Kubernetes was not ready after 4s: nodes 1\/3 Ready, kube-system pods 1\/3 available\. Not ready:/);
      assert.match(failure.message, /\n {2}- node ip-10-0-0-100: NotReady: Ready=False \(KubeletNotReady: container runtime network not ready\)/);
      assert.match(failure.message, /\n {2}- Deployment coredns: 0\/2 ready — pod coredns-1: Pending: Unschedulable/);
      assert.match(failure.message, /kube-aws verify/);
      assert.equal(fake.calls.checkClusterCredentials, 1);
      assert.ok(fake.calls.observeKubernetes >= 2 && fake.calls.observeKubernetes <= 6, `observed ${fake.calls.observeKubernetes} times in 4s`);
      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.equal(progress.outcome, 'failed');
      assert.equal(progress.stoppedAt, 'verify');
    });
  });

  it('an API server that never answers ends at the deadline with the cause', async () => {
    const fake = verifyFake('knever', { kubernetes: { unreachableCalls: Infinity } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await startVerify(fake, taskQueue, 3);
      const failure = await failsWith(handle.result(), 'KubernetesNotReady');
      assert.match(failure.message, /^Kubernetes was not ready after 3s: the API server did not answer: connection refused by .*ECONNREFUSED/);
      assert.equal(fake.calls.checkClusterCredentials, 0);
    });
  });

  it("a node that did not join: progress and the final error name its failed boot unit and last lines", async () => {
    const exec = 'ctr: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "kms": executable file not found in $PATH: unknown';
    const bootFailures = [
      {
        nodeName: 'ip-10-0-0-50',
        instanceId: 'i-controller',
        units: [{ unit: 'kube-aws-decrypt-assets.service', result: 'exit-code', status: '1', lastLines: ['pulling the image', exec] }],
      },
    ];
    const fake = verifyFake('kboot', { kubernetes: { unreachableCalls: Infinity, bootFailures } });
    await h.run(fake, async ({ taskQueue }) => {
      const secondLook = fake.hold('observeKubernetes', 2);
      const handle = await startVerify(fake, taskQueue, 3);
      await secondLook;
      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.deepEqual(progress.kubernetes?.bootFailures, bootFailures);
      assert.equal(progress.kubernetes?.notReady[1], `node ip-10-0-0-50 (i-controller): not registered — kube-aws-decrypt-assets.service failed (status=1): ${exec}`);
      fake.release('observeKubernetes');

      const failure = await failsWith(handle.result(), 'KubernetesNotReady');
      assert.match(failure.message, /^Kubernetes was not ready after 3s: the API server did not answer: connection refused/);
      assert.ok(
        failure.message.includes(
          '\nNodes that did not join, and the boot units their EC2 console shows failed:' +
            `\n  - ip-10-0-0-50 (i-controller): kube-aws-decrypt-assets.service failed (status=1)\n      pulling the image\n      ${exec}`,
        ),
        failure.message,
      );
      assert.match(failure.message, /\nOn the node, `journalctl -u kube-aws-decrypt-assets\.service` shows the unit's whole output; run `kube-aws verify` to wait again\.$/);
      // The activity was told which instances to read, and in which region.
      assert.deepEqual(observeInputs(fake)[0]?.nodeInstances, {
        region: fake.cluster.region,
        instances: [
          { nodeName: 'ip-10-0-0-50', instanceId: 'i-controller' },
          { nodeName: 'ip-10-0-0-100', instanceId: 'i-worker0' },
          { nodeName: 'ip-10-0-0-101', instanceId: 'i-worker1' },
        ],
      });
    });
  });

  it('a rejected credential fails verify at once, with the activity message and type', async () => {
    const message =
      'credentials/worker.pem, the worker bootstrap credential, was rejected by the API server (401): it is not signed by the CA the API server trusts (credentials/ca.pem); re-render it';
    const fake = verifyFake('kreject', { errors: { checkClusterCredentials: () => ApplicationFailure.create({ type: 'CredentialRejected', message, nonRetryable: true }) } });
    await h.run(fake, async ({ taskQueue }) => {
      const started = Date.now();
      const handle = await startVerify(fake, taskQueue, 600);
      const failure = await failsWith(handle.result(), 'CredentialRejected');
      assert.equal(failure.message, message);
      assert.ok(Date.now() - started < 20_000, 'failed fast, not at the deadline');
      assert.equal(fake.calls.checkClusterCredentials, 1);
      assert.equal(fake.calls.observeKubernetes, 1);
    });
  });

  it('a credential check that keeps failing retryably ends at the deadline with its last cause', async () => {
    const unreachable = () => ApplicationFailure.create({ type: 'ApiServerUnreachable', message: 'cannot reach the API server at https://kube.example.com yet: ECONNRESET: socket hang up — will retry', nonRetryable: false });
    const fake = verifyFake('kretry', { errors: { checkClusterCredentials: unreachable } });
    await h.run(fake, async ({ taskQueue }) => {
      const handle = await startVerify(fake, taskQueue, 4);
      const failure = await failsWith(handle.result(), 'KubernetesNotReady');
      assert.match(failure.message, /ECONNRESET: socket hang up/);
      assert.ok(fake.calls.checkClusterCredentials >= 2, `retried ${fake.calls.checkClusterCredentials} times`);
    });
  });

  it('cancelling verify while it waits for Kubernetes ends it cancelled, at the verify step', async () => {
    const fake = verifyFake('kcancel', { kubernetes: { notReadyCalls: Infinity } });
    await h.run(fake, async ({ taskQueue }) => {
      const looking = fake.hold('observeKubernetes', 2);
      const handle = await startVerify(fake, taskQueue, 600);
      await looking;
      await handle.cancel();
      await endsCancelled(handle.result());
      const progress = await handle.query<Progress>(PROGRESS_QUERY);
      assert.deepEqual([progress.outcome, progress.stoppedAt], ['cancelled', 'verify']);
    });
  });
});
