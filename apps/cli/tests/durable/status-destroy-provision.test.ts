// `status`, `destroy` and `provision` against a fake Temporal.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { DestroyResult, Progress, ProvisionInput, StatusResult, UpResult } from '@kube-aws/workflows';
import { clusterDir, emptyDir, removeDir, SEED_INIT_FLAGS } from './cluster-dir.js';
import { FakeTemporal, progressOf } from './fake-temporal.js';
import { ACCOUNT, CLUSTER_ID, harness } from './harness.js';

/** A fake whose workflow finishes on the first progress query. */
function finishing(result: unknown, command: Progress['command'] = 'status'): FakeTemporal {
  const fake = new FakeTemporal();
  fake.progress = [progressOf({ command, step: 'done' })];
  fake.onQuery = () => fake.complete(result);
  return fake;
}

describe('kube-aws status', () => {
  let dir: string;
  before(async () => (dir = await clusterDir()));
  after(() => removeDir(dir));

  it("runs statusWorkflow under a read-only ID of its own and prints kube-aws's Info table", async () => {
    const status: StatusResult = { clusterName: 'kube-cluster', exists: true, stackStatus: 'CREATE_COMPLETE', controllerIP: '54.183.20.7' };
    const fake = finishing(status);
    fake.addRun(CLUSTER_ID, 'upWorkflow'); // a running up does not stop a look
    const run = await harness(dir, fake).run(['status']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Cluster Name:\tkube-cluster\nController IP:\t54.183.20.7\n');
    const start = fake.starts[0]!;
    assert.equal(start.workflowType, 'statusWorkflow');
    assert.match(start.workflowId, new RegExp(`^${CLUSTER_ID}:status:[a-z0-9-]{8}$`));
    assert.deepEqual(start.input, { assetsUri: pathToFileURL(dir).href, clusterName: 'kube-cluster', region: 'us-west-1', account: ACCOUNT });
  });

  it('adds the stack status when the stack is not settled', async () => {
    const status: StatusResult = { clusterName: 'kube-cluster', exists: true, stackStatus: 'ROLLBACK_COMPLETE', statusReason: 'The following resource(s) failed to create: [Subnet0]' };
    const run = await harness(dir, finishing(status)).run(['status']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'Cluster Name:\tkube-cluster\nController IP:\t(not assigned yet)\nStack Status:\tROLLBACK_COMPLETE (The following resource(s) failed to create: [Subnet0])\n',
    );
  });

  it('Ctrl-C detaches (exit 130) and points at the Web UI: running status again would start a new look', async () => {
    const fake = new FakeTemporal();
    fake.progress = [progressOf({ command: 'status', step: 'status' })];
    const h = harness(dir, fake);
    fake.onQuery = () => h.interrupt();
    const run = await h.run(['status']);
    assert.equal(run.code, 130);
    const id = fake.starts[0]!.workflowId;
    assert.match(run.stderr, new RegExp(`Detached; the workflow keeps running\\. Follow it at: http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(id)}\\n$`));
  });

  it('fails (exit 1) when there is no stack, saying how to make one', async () => {
    const run = await harness(dir, finishing({ clusterName: 'kube-cluster', exists: false } satisfies StatusResult)).run(['status']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Error: Failed fetching cluster info: there is no stack kube-cluster in us-west-1\. Create it with: kube-aws up\n$/);
  });
});

describe('kube-aws destroy', () => {
  let dir: string;
  before(async () => (dir = await clusterDir()));
  after(() => removeDir(dir));

  it("runs destroyWorkflow on the cluster ID with kube-aws's message, then says it is gone", async () => {
    const fake = finishing({ clusterName: 'kube-cluster', deleted: true, alreadyGone: false } satisfies DestroyResult, 'destroy');
    const run = await harness(dir, fake).run(['destroy']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fake.starts[0]?.workflowType, 'destroyWorkflow');
    assert.equal(fake.starts[0]?.workflowId, CLUSTER_ID);
    assert.equal(
      run.stdout,
      'CloudFormation stack is being destroyed. This will take several minutes\nSuccess! The AWS resources of cluster kube-cluster have been deleted.\n',
    );
  });

  it('says there was nothing to destroy', async () => {
    const run = await harness(dir, finishing({ clusterName: 'kube-cluster', deleted: false, alreadyGone: true } satisfies DestroyResult, 'destroy')).run(['destroy']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Nothing to destroy: there is no stack kube-cluster in us-west-1\.\n$/);
  });

  it('is refused while up runs (exit 2), naming the running workflow, its ID and link', async () => {
    const fake = new FakeTemporal();
    fake.addRun(CLUSTER_ID, 'upWorkflow');
    const run = await harness(dir, fake).run(['destroy']);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `Error: cluster kube-cluster is busy: upWorkflow is running as workflow ${CLUSTER_ID}.\n` +
        `Wait for it to finish (watch it at http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(CLUSTER_ID)}), then run kube-aws destroy again.\n`,
    );
    assert.equal(fake.starts.length, 0);
  });

  it('under --json the refusal is a JSON error on stdout', async () => {
    const fake = new FakeTemporal();
    fake.addRun(CLUSTER_ID, 'provisionWorkflow');
    const run = await harness(dir, fake).run(['--json', 'destroy']);
    assert.equal(run.code, 2);
    const json = JSON.parse(run.stdout) as { error: { name: string; exitCode: number } };
    assert.deepEqual([json.error.name, json.error.exitCode], ['ClusterBusyError', 2]);
  });
});

describe('kube-aws provision', () => {
  const UP: UpResult = { clusterName: 'kube-cluster', stackId: 'arn:1', stackStatus: 'CREATE_COMPLETE', controllerIP: '54.183.20.7', alreadyUp: false };
  let empty: string;
  let existing: string;
  before(async () => {
    empty = await emptyDir();
    existing = await clusterDir();
  });
  after(async () => {
    await removeDir(empty);
    await removeDir(existing);
  });

  it('without cluster.yaml needs every init flag (exit 2), as init does', async () => {
    const run = await harness(empty, new FakeTemporal()).run(['provision', '--cluster-name=kube-cluster']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Missing required flag\(s\): "--external-dns-name", "--region", "--availability-zone", "--key-name", "--kms-key-arn"/);
  });

  it('without cluster.yaml passes the init flags to the workflow, which writes it', async () => {
    const fake = finishing(UP, 'provision');
    const run = await harness(empty, fake).run(['provision', ...SEED_INIT_FLAGS, '--on-failure=delete']);
    assert.equal(run.code, 0, run.stderr);
    const start = fake.starts[0]!;
    assert.equal(start.workflowType, 'provisionWorkflow');
    assert.equal(start.workflowId, CLUSTER_ID);
    const input = start.input as ProvisionInput;
    const assetsUri = pathToFileURL(empty).href;
    assert.deepEqual(input.init, {
      assetsUri,
      clusterName: 'kube-cluster',
      externalDNSName: 'kube.isaack.io',
      region: 'us-west-1',
      availabilityZone: 'us-west-1c',
      keyName: 'isaack-k8s',
      kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f',
    });
    assert.deepEqual(input.up, { onFailure: 'DELETE', recreate: false, verify: true });
    assert.equal(existsSync(join(empty, 'cluster.yaml')), false, 'the CLI leaves init to the workflow');
    assert.match(run.stdout, /Success! Your AWS resources have been created:\nCluster Name:\tkube-cluster\n/);
  });

  it('with cluster.yaml uses it and says the init flags are ignored', async () => {
    const fake = finishing(UP, 'provision');
    const run = await harness(existing, fake).run(['provision', '--region=eu-west-1']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Warning: cluster\.yaml exists, so --region is ignored \(provision never overwrites it\)/);
    const input = fake.starts[0]!.input as ProvisionInput;
    assert.equal(input.init, undefined);
    assert.equal(input.region, 'us-west-1');
  });
});
