// The real binary (`node apps/cli/bin/kube-aws.mjs`) against a real Temporal dev server, a worker
// running stub workflows under the real type names, and moto for STS: the CLI's real client code
// (envconfig connection, DescribeTaskQueue, USE_EXISTING + memo, the progress query, SIGINT).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { CLUSTER_ID } from './harness.js';
import { clusterDir, removeDir } from './cluster-dir.js';
import { CliProcess } from './real/cli-process.js';
import { freePort, startDevServer, startMoto, startStubWorker } from './real/servers.js';
import type { Moto, RunningWorker, TestWorkflowEnvironment } from './real/servers.js';

const SLOW = { timeout: 300_000 };
const SEED_SUCCESS =
  'Creating AWS resources. This should take around 5 minutes.\n' +
  'Success! Your AWS resources have been created:\n' +
  'Cluster Name:\tkube-cluster\n' +
  'Controller IP:\t54.183.20.7\n\n' +
  'The containers that power your cluster are now being downloaded.\n\n' +
  'You should be able to access the Kubernetes API once the containers finish downloading.\n';

describe('kube-aws against a real Temporal server', SLOW, () => {
  let env: TestWorkflowEnvironment;
  let moto: Moto;
  let dir: string;
  let worker: RunningWorker | undefined;
  const running: CliProcess[] = [];

  before(async () => {
    dir = await clusterDir();
    moto = await startMoto();
    env = await startDevServer();
  }, SLOW);

  after(async () => {
    for (const cli of running) cli.kill();
    await worker?.stop();
    await env?.teardown();
    await moto?.stop();
    await removeDir(dir);
  }, SLOW);

  const cliEnv = (): NodeJS.ProcessEnv => ({
    TEMPORAL_ADDRESS: env.address,
    AWS_ENDPOINT_URL: moto.url,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-west-1',
  });
  const kubeAws = (...args: string[]): CliProcess => {
    const cli = new CliProcess(args, dir, cliEnv());
    running.push(cli);
    return cli;
  };
  const handle = () => env.client.workflow.getHandle(CLUSTER_ID);

  it('says how to start the sandbox when Temporal is not there (exit 1)', SLOW, async () => {
    const closed = await freePort();
    const cli = new CliProcess(['up'], dir, { ...cliEnv(), TEMPORAL_ADDRESS: `127.0.0.1:${closed}` });
    running.push(cli);
    const exit = await cli.exited;
    assert.equal(exit.code, 1, exit.stderr);
    assert.match(exit.stderr, new RegExp(`^Error: cannot reach Temporal at 127\\.0\\.0\\.1:${closed} — start the sandbox: npm run sandbox -- up`));
  });

  it('refuses to start a workflow no worker will run (exit 1)', SLOW, async () => {
    const exit = await kubeAws('up').exited;
    assert.equal(exit.code, 1, exit.stderr);
    assert.equal(
      exit.stderr,
      `Error: no kube-aws worker is polling task queue kube-aws on ${env.address}; start one: npm run worker (or docker compose up worker)\n`,
    );
  });

  describe('with a worker', SLOW, () => {
    before(async () => {
      worker = await startStubWorker(env);
    }, SLOW);
    // A failed test may leave its workflow running: end it, so the next test starts afresh.
    afterEach(async () => {
      for (const cli of running) cli.kill();
      await handle()
        .terminate('test cleanup')
        .catch(() => undefined);
    });

    it('up streams progress; a second up attaches; destroy is refused; both ups end with the seed lines', SLOW, async () => {
      const first = kubeAws('up');
      await first.waitForStderr(/\+00:07 {2}VPC +AWS::EC2::VPC +CREATE_COMPLETE/);
      assert.match(first.stderr, new RegExp(`^Started workflow ${CLUSTER_ID} \\(upWorkflow\\)\\nWeb UI: http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(CLUSTER_ID)}\\n`));
      assert.match(first.stderr, /\+00:02 {2}\[validate\] done\n/);

      const second = kubeAws('up');
      await second.waitForStderr(/^Attached to running workflow kube-aws:123456789012:us-west-1:kube-cluster \(upWorkflow, started /);

      const destroy = await kubeAws('destroy').exited;
      assert.equal(destroy.code, 2, destroy.stderr);
      assert.match(destroy.stderr, /^Error: cluster kube-cluster is busy: upWorkflow is running as workflow kube-aws:123456789012:us-west-1:kube-cluster\./);

      await handle().signal('finish');
      for (const cli of [first, second]) {
        const exit = await cli.exited;
        assert.equal(exit.code, 0, exit.stderr);
        assert.equal(exit.stdout, SEED_SUCCESS);
      }
      // One run only: the second up attached, it did not start another.
      const runs = [];
      for await (const w of env.client.workflow.list({ query: `WorkflowId = '${CLUSTER_ID}'` })) runs.push(w.runId);
      assert.equal(runs.length, 1);
    });

    it('Ctrl-C detaches with exit 130; the workflow keeps running and up re-attaches to it', SLOW, async () => {
      const cli = kubeAws('up');
      await cli.waitForStderr(/CREATE_COMPLETE/);
      const { runId } = await handle().describe();
      cli.interrupt();
      const exit = await cli.exited;
      assert.equal(exit.code, 130, exit.stderr);
      assert.match(exit.stderr, /Detached; the workflow keeps running\. Re-attach with: kube-aws up\n$/);
      const after = await handle().describe();
      assert.equal(after.status.name, 'RUNNING');
      assert.equal(after.runId, runId);

      const again = kubeAws('up');
      await again.waitForStderr(/^Attached to running workflow /);
      await handle().signal('finish');
      const done = await again.exited;
      assert.equal(done.code, 0, done.stderr);
      assert.equal((await handle().describe()).runId, runId);
    });

    it('a completed up does not block the next one: a new run starts', SLOW, async () => {
      const cli = kubeAws('up');
      await cli.waitForStderr(/^Started workflow /);
      await handle().signal('finish');
      assert.equal((await cli.exited).code, 0);
    });

    it('a failed stack exits 1 with the message and the failed resources', SLOW, async () => {
      const cli = kubeAws('up');
      await cli.waitForStderr(/CREATE_COMPLETE/);
      await handle().signal('fail', 'stack kube-cluster is CREATE_FAILED');
      const exit = await cli.exited;
      assert.equal(exit.code, 1, exit.stderr);
      assert.match(
        exit.stderr,
        /Error: Error creating cluster: stack kube-cluster is CREATE_FAILED\n\nThe resources that failed:\n {2}CREATE_FAILED AWS::EC2::Instance InstanceController Insufficient capacity\n$/,
      );
    });

    it('status runs its own read-only workflow and prints the Info table', SLOW, async () => {
      const exit = await kubeAws('status').exited;
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(exit.stdout, 'Cluster Name:\tkube-cluster\nController IP:\t54.183.20.7\n');
      assert.match(exit.stderr, /^Started workflow kube-aws:123456789012:us-west-1:kube-cluster:status:[0-9a-f]{8} \(statusWorkflow\)/);
    });
  });
});
