/**
 * The seed's scenario end to end: init → edits → render → validate → up → status, with the real
 * CLI and worker on the sandbox; then the printed Web UI link opened in headless Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clusterWorkflowId } from '@kube-aws/workflows';
import { liveStacks } from './helpers/aws.js';
import { openWorkflowPage } from './helpers/browser.js';
import { describeRun, startHarness } from './helpers/harness.js';
import type { CliResult, Harness } from './helpers/harness.js';
import { seedCluster } from './helpers/seed-cluster.js';

const LONG = { timeout: 600_000 };

describe('the seed scenario on the sandbox', () => {
  let h: Harness;
  let dir: string;
  let up: CliResult;

  before(async () => {
    h = await startHarness({ paceMs: 150 });
    dir = await seedCluster(h, { name: 'kube-cluster' });
  }, LONG);
  after(async () => h?.stop(), LONG);

  test('validate checks locally, then asks CloudFormation and prints the Validation Report', LONG, async () => {
    const r = await h.kubeAws(['validate'], dir);
    assert.equal(r.code, 0, describeRun(r));
    const out = r.stdout + r.stderr;
    assert.match(out, /Validation Report/);
    assert.match(out, /CAPABILITY_IAM/);
    assert.match(out, /Validation OK!/);
  });

  test('up creates the stack, shows its events as they happen and ends with the seed lines', LONG, async () => {
    up = await h.kubeAws(['up'], dir);
    assert.equal(up.code, 0, describeRun(up));
    const out = up.stdout + up.stderr;
    const id = clusterWorkflowId(h.sandbox.account, h.sandbox.region, 'kube-cluster');
    assert.ok(out.includes(id), `prints the workflow ID ${id}\n${describeRun(up)}`);
    assert.ok(out.includes(`${h.env['KUBE_AWS_TEMPORAL_UI']}/namespaces/default/workflows/`), `prints the UI link\n${describeRun(up)}`);
    assert.match(out, /\+\d\d:\d\d\s+\S*InstanceController\S*\s+AWS::EC2::Instance\s+CREATE_COMPLETE/, 'stack events with offsets');
    assert.match(out, /Cluster Name:\s+kube-cluster/);
    assert.match(out, /Controller IP:\s+\d+\.\d+\.\d+\.\d+/);
    const stacks = await liveStacks(h.sandbox, 'kube-cluster');
    assert.equal(stacks.length, 1, JSON.stringify(stacks));
  });

  test('up again finds the cluster up and creates nothing', LONG, async () => {
    const again = await h.kubeAws(['up'], dir);
    assert.equal(again.code, 0, describeRun(again));
    assert.match(again.stdout + again.stderr, /already/i);
    assert.match(again.stdout, /Cluster Name:\s+kube-cluster/);
    assert.equal((await liveStacks(h.sandbox, 'kube-cluster')).length, 1);
  });

  test('status prints the cluster name and controller IP', LONG, async () => {
    const r = await h.kubeAws(['status'], dir);
    assert.equal(r.code, 0, describeRun(r));
    assert.match(r.stdout, /Cluster Name:\s+kube-cluster/);
    assert.match(r.stdout, /Controller IP:\s+\d+\.\d+\.\d+\.\d+/);
  });

  test('the printed Web UI link shows the up workflow completed (headless Chromium)', LONG, async () => {
    const link = (up.stdout + up.stderr).match(/https?:\/\/\S+\/namespaces\/default\/workflows\/\S+/)?.[0];
    assert.ok(link, `up printed a UI link\n${describeRun(up)}`);
    const page = await openWorkflowPage(link, /completed/i);
    assert.match(page.text, /upWorkflow/);
    assert.match(page.text, /completed/i);
  });
});
