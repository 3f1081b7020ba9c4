// `kube-aws up` against a fake Temporal: what it starts, what it prints, how it ends.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { UpResult } from '@kube-aws/workflows';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { clusterDir, removeDir } from './cluster-dir.js';
import { FakeTemporal, progressOf } from './fake-temporal.js';
import { ACCOUNT, CLUSTER_ID, harness } from './harness.js';

const UI_LINK = `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(CLUSTER_ID)}`;
const START = Date.parse('2026-01-01T10:00:00.000Z');
const at = (seconds: number): string => new Date(START + seconds * 1000).toISOString();

const UP_RESULT: UpResult = {
  clusterName: 'kube-cluster',
  stackId: 'arn:aws:cloudformation:us-west-1:123456789012:stack/kube-cluster/1',
  stackStatus: 'CREATE_COMPLETE',
  controllerIP: '54.183.20.7',
  alreadyUp: false,
};

const SEED_SUCCESS =
  'Creating AWS resources. This should take around 5 minutes.\n' +
  'Success! Your AWS resources have been created:\n' +
  'Cluster Name:\tkube-cluster\n' +
  'Controller IP:\t54.183.20.7\n' +
  '\n' +
  'The containers that power your cluster are now being downloaded.\n' +
  '\n' +
  'You should be able to access the Kubernetes API once the containers finish downloading.\n';

const ev = (n: number, seconds: number, logicalId: string, status: string, type = 'AWS::EC2::VPC') => ({
  eventId: `e${n}`,
  timestamp: at(seconds),
  logicalId,
  resourceType: type,
  status,
});

/** Three answers of a stack being created, then the result. */
function scriptCreate(fake: FakeTemporal, result: UpResult = UP_RESULT): void {
  const validate = { step: 'validate' as const, state: 'running' as const, startedAt: at(1) };
  const e1 = ev(1, 12, 'VPC', 'CREATE_IN_PROGRESS');
  const e2 = ev(2, 15, 'VPC', 'CREATE_COMPLETE');
  const e3 = ev(3, 95, 'kube-cluster', 'CREATE_COMPLETE', 'AWS::CloudFormation::Stack');
  fake.progress = [
    progressOf({ step: 'validate', steps: [validate] }),
    progressOf({ step: 'create-assets', stackStatus: 'CREATE_IN_PROGRESS', steps: [{ ...validate, state: 'done', endedAt: at(4) }], events: [e1, e2], eventCount: 2 }),
    progressOf({ step: 'done', stackStatus: 'CREATE_COMPLETE', steps: [{ ...validate, state: 'done', endedAt: at(4) }], events: [e1, e2, e3], eventCount: 3 }),
  ];
  fake.onQuery = (n) => {
    if (n === 3) fake.complete(result);
  };
}

function stackFailed(): WorkflowFailedError {
  const failure = ApplicationFailure.create({
    type: 'StackFailed',
    message: 'stack kube-cluster is CREATE_FAILED: The following resource(s) failed to create: [InstanceController]',
    nonRetryable: true,
    details: [{ logicalId: 'InstanceController', resourceType: 'AWS::EC2::Instance', status: 'CREATE_FAILED', reason: 'Instance type t2.nano is not supported in us-west-1c' }],
  });
  return new WorkflowFailedError('Workflow execution failed', failure, 'NON_RETRYABLE_FAILURE');
}

describe('kube-aws up', () => {
  let dir: string;
  let fake: FakeTemporal;
  before(async () => {
    dir = await clusterDir();
  });
  after(() => removeDir(dir));
  beforeEach(() => {
    fake = new FakeTemporal();
  });

  it('starts upWorkflow on the cluster ID with the cluster and the seed defaults', async () => {
    scriptCreate(fake);
    const h = harness(dir, fake);
    const run = await h.run(['up']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fake.starts.length, 1);
    const start = fake.starts[0]!;
    assert.equal(start.workflowType, 'upWorkflow');
    assert.equal(start.workflowId, CLUSTER_ID);
    assert.equal(start.taskQueue, 'kube-aws');
    assert.deepEqual(start.input, {
      assetsUri: pathToFileURL(dir).href,
      clusterName: 'kube-cluster',
      region: 'us-west-1',
      account: ACCOUNT,
      onFailure: 'DO_NOTHING',
      recreate: false,
    });
    assert.deepEqual(h.accountLookups, ['us-west-1']);
    assert.equal(fake.closed, true);
  });

  it("ends with the seed's lines on stdout, and the workflow, link and progress on stderr", async () => {
    scriptCreate(fake);
    const run = await harness(dir, fake).run(['up']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, SEED_SUCCESS);
    const lines = run.stderr.split('\n');
    assert.equal(lines[0], `Started workflow ${CLUSTER_ID} (upWorkflow)`);
    assert.equal(lines[1], `Web UI: ${UI_LINK}`);
    assert.ok(lines.includes('+00:01  [validate] running'), run.stderr);
    assert.ok(lines.includes('+00:04  [validate] done'), run.stderr);
    // Each stack event once, with its offset from the workflow's start.
    const events = lines.filter((l) => /^\+\d\d:\d\d {2}(VPC|kube-cluster) /.test(l));
    assert.deepEqual(
      events.map((l) => l.split(/\s+/)),
      [
        ['+00:12', 'VPC', 'AWS::EC2::VPC', 'CREATE_IN_PROGRESS'],
        ['+00:15', 'VPC', 'AWS::EC2::VPC', 'CREATE_COMPLETE'],
        ['+01:35', 'kube-cluster', 'AWS::CloudFormation::Stack', 'CREATE_COMPLETE'],
      ],
    );
  });

  it('passes --on-failure and --recreate on, and refuses an unknown --on-failure (exit 2)', async () => {
    scriptCreate(fake);
    const run = await harness(dir, fake).run(['up', '--on-failure=rollback', '--recreate']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual([(fake.starts[0]!.input as { onFailure: string }).onFailure, (fake.starts[0]!.input as { recreate: boolean }).recreate], ['ROLLBACK', true]);

    const bad = await harness(dir, new FakeTemporal()).run(['up', '--on-failure=sideways']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--on-failure sideways: use one of do-nothing, rollback, delete/);
  });

  it('says "Nothing to do" when the stack is already up', async () => {
    scriptCreate(fake, { ...UP_RESULT, alreadyUp: true });
    const run = await harness(dir, fake).run(['up']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Nothing to do: stack kube-cluster is already CREATE_COMPLETE with this configuration\.\nCluster Name:\tkube-cluster\nController IP:\t54\.183\.20\.7\n$/);
  });

  it('attaches to a running up instead of starting another', async () => {
    fake.addRun(CLUSTER_ID, 'upWorkflow');
    scriptCreate(fake);
    const run = await harness(dir, fake).run(['up']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`^Attached to running workflow ${CLUSTER_ID} \\(upWorkflow, started 2026-01-01T10:00:00.000Z\\)`));
    assert.equal(run.stdout, SEED_SUCCESS);
  });

  it('with --json prints only the result on stdout', async () => {
    scriptCreate(fake);
    const run = await harness(dir, fake).run(['--json', 'up']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { workflowId: string; attached: boolean; uiUrl: string; result: UpResult };
    assert.equal(json.workflowId, CLUSTER_ID);
    assert.equal(json.attached, false);
    assert.equal(json.uiUrl, UI_LINK);
    assert.deepEqual(json.result, UP_RESULT);
    assert.match(run.stderr, /Success! Your AWS resources have been created:/);
  });

  it('with --no-wait prints the workflow and returns without following it', async () => {
    const run = await harness(dir, fake).run(['up', '--no-wait']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fake.queries, 0);
    assert.match(run.stderr, /Not waiting \(--no-wait\)\. Follow it with: kube-aws up/);
    assert.equal(run.stdout, '');
  });

  it('a failed stack exits 1 with the message and the failed resources', async () => {
    fake.progress = [progressOf({ step: 'create-nodes' })];
    fake.onQuery = () => fake.fail(stackFailed());
    const run = await harness(dir, fake).run(['up']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Error: Error creating cluster: stack kube-cluster is CREATE_FAILED: The following resource\(s\) failed to create: \[InstanceController\]\n\nThe resources that failed:\n {2}CREATE_FAILED AWS::EC2::Instance InstanceController Instance type t2\.nano is not supported in us-west-1c\n/,
    );
    assert.doesNotMatch(run.stdout, /Success/);
  });

  it('a user error from an activity exits 2 with its message', async () => {
    fake.progress = [progressOf({ step: 'preflight' })];
    const cause = ApplicationFailure.create({ type: 'PreflightFailed', message: 'Key isaack-k8s does not exist in us-west-1; import it (aws ec2 import-key-pair) or change keyName', nonRetryable: true });
    fake.onQuery = () =>
      fake.fail(new WorkflowFailedError('Workflow execution failed', new ActivityFailure('Activity task failed', 'preflight', '5', 'NON_RETRYABLE_FAILURE', undefined, cause), 'NON_RETRYABLE_FAILURE'));
    const run = await harness(dir, fake).run(['up']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Error: Error creating cluster: Key isaack-k8s does not exist in us-west-1; import it/);
  });

  it('Ctrl-C detaches with exit 130 and leaves the workflow running', async () => {
    const h = harness(dir, fake);
    fake.progress = [progressOf({ step: 'create-assets', stackStatus: 'CREATE_IN_PROGRESS' })];
    fake.onQuery = (n) => {
      if (n === 2) h.interrupt();
    };
    const run = await h.run(['up']);
    assert.equal(run.code, 130);
    assert.match(run.stderr, /Detached; the workflow keeps running\. Re-attach with: kube-aws up\n$/);
    assert.doesNotMatch(run.stderr, /Error:/);
    assert.equal(fake.resultSignal?.aborted, true, 'the result wait is abandoned');
    assert.equal(fake.runs.get(CLUSTER_ID)?.status, 'RUNNING', 'the workflow is not cancelled');
    assert.equal(fake.closed, true);
    assert.equal(run.stdout, 'Creating AWS resources. This should take around 5 minutes.\n');

    // Attaching again follows the same run to its end.
    const again = new FakeTemporal();
    again.runs.set(CLUSTER_ID, fake.runs.get(CLUSTER_ID)!);
    scriptCreate(again);
    const reattached = await harness(dir, again).run(['up']);
    assert.equal(reattached.code, 0, reattached.stderr);
    assert.match(reattached.stderr, /^Attached to running workflow /);
  });

  it('refuses to start when no worker polls the task queue (exit 1), before asking AWS', async () => {
    fake.pollerAnswers = [0];
    const h = harness(dir, fake);
    const run = await h.run(['up']);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'Error: no kube-aws worker is polling task queue kube-aws on 127.0.0.1:7233; start one: npm run worker (or docker compose up worker)\n');
    assert.equal(fake.starts.length, 0);
    assert.deepEqual(h.accountLookups, []);
    assert.equal(h.slept.reduce((a, b) => a + b, 0), 3_000, 'the ~3 s window');
  });

  it('uses TEMPORAL_NAMESPACE and KUBE_AWS_TEMPORAL_UI for the link', async () => {
    scriptCreate(fake);
    const run = await harness(dir, fake, {}, { TEMPORAL_NAMESPACE: 'clusters', KUBE_AWS_TEMPORAL_UI: 'https://temporal.example.com/' }).run(['up']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`Web UI: https://temporal\\.example\\.com/namespaces/clusters/workflows/${encodeURIComponent(CLUSTER_ID)}\\n`));
  });

  it('pushes the directory first and passes the s3 URI when KUBE_AWS_ASSETS_URI names one', async () => {
    scriptCreate(fake);
    const pushed: unknown[] = [];
    const h = harness(dir, fake, { pushAssets: async (d, target) => (pushed.push({ d, ...target }), { uploaded: ['cluster.yaml'], unchanged: 0 }) }, { KUBE_AWS_ASSETS_URI: 's3://kube-assets/clusters/kube-cluster' });
    const run = await h.run(['up']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(pushed, [
      { d: dir, bucket: 'kube-assets', prefix: 'clusters/kube-cluster/', region: 'us-west-1', kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f' },
    ]);
    assert.equal((fake.starts[0]!.input as { assetsUri: string }).assetsUri, 's3://kube-assets/clusters/kube-cluster/');
    assert.match(run.stderr, /Pushed 1 file\(s\) to s3:\/\/kube-assets\/clusters\/kube-cluster\/ \(0 unchanged\)/);
  });

  it('rejects an assets URI that is neither s3:// nor file:// (exit 2), before connecting', async () => {
    let connected = false;
    const run = await harness(dir, fake, { connect: async () => ((connected = true), fake) }).run(['up', '--assets-uri', 'https://example.com/assets']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--assets-uri https:\/\/example\.com\/assets: use s3:\/\/bucket\/prefix/);
    assert.equal(connected, false);
  });
});
