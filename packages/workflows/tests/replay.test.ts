import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { WORKFLOWS } from '../src/contract.js';
import { installQuietRuntime } from '../src/testing/index.js';
import { WORKFLOWS_PATH } from './support/harness.js';
import { HISTORIES_DIR, loadHistories } from './support/histories.js';
import type { HistoryFixture } from './support/histories.js';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };

let bundle: WorkflowBundle;
let histories: HistoryFixture[];
before(async () => {
  installQuietRuntime();
  // Also the check that the workflow code bundles: the bundler refuses Node built-ins.
  bundle = { code: (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet })).code };
  histories = loadHistories();
});

async function replay(workflowBundle: WorkflowBundle, fixtures: readonly HistoryFixture[]): Promise<Map<string, Error | undefined>> {
  const outcomes = new Map<string, Error | undefined>();
  const byId = new Map(fixtures.map((f) => [f.workflowId, f.name]));
  const results = Worker.runReplayHistories(
    { workflowBundle },
    fixtures.map((f) => ({ workflowId: f.workflowId, history: f.history })),
  );
  for await (const r of results) outcomes.set(byId.get(r.workflowId) ?? r.workflowId, r.error);
  return outcomes;
}

describe('recorded workflow histories', () => {
  it('cover every workflow', () => {
    assert.ok(histories.length > 0, `no histories under ${HISTORIES_DIR}; record them with: npm run record-histories -w @kube-aws/workflows`);
    const recorded = new Set(histories.map((f) => f.workflowType));
    for (const type of Object.values(WORKFLOWS)) assert.ok(recorded.has(type), `no recorded history of ${type}; run npm run record-histories -w @kube-aws/workflows`);
  });

  it('replay against the current workflow code without a non-determinism error', async () => {
    const outcomes = await replay(bundle, histories);
    assert.equal(outcomes.size, histories.length);
    const broken = [...outcomes].filter(([, err]) => err !== undefined).map(([name, err]) => `${name}: ${err?.message}`);
    assert.deepEqual(broken, [], 'a workflow change altered the commands of recorded runs: guard it with patched() (see README, Versioning)');
  });

  it('would catch a change to the order of commands', async () => {
    const status = histories.filter((f) => f.workflowType === WORKFLOWS.status);
    assert.ok(status.length > 0, 'needs a recorded statusWorkflow history');
    const reordered = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./support/reordered-workflows.ts', import.meta.url)),
      logger: quiet,
    });
    const outcomes = await replay({ code: reordered.code }, status);
    for (const [name, err] of outcomes) assert.ok(err instanceof DeterminismViolationError, `${name} replayed against reordered code without an error`);
  });
});
