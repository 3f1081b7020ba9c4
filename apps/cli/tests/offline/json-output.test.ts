/**
 * `--json`: stdout carries exactly one JSON document (the result), and everything meant for a
 * person (success text, progress, render's per-file lines, errors) goes to stderr. The rendered
 * report must not carry key material.
 */
import assert from 'node:assert/strict';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_TIMEOUT_MS, SLOW_TIMEOUT_MS, describeRun, runCli, type CliResult } from '../helpers/cli.js';
import { removeDir, snapshotTree, tempDir } from '../helpers/dirs.js';
import { SEED_INIT_FLAGS } from '../helpers/seed.js';

const timeout = CLI_TIMEOUT_MS;

/** JSON.parse of the whole of stdout: succeeds only for a single JSON document. */
function singleJson(args: readonly string[], result: CliResult): Record<string, unknown> {
  let value: unknown;
  assert.doesNotThrow(() => (value = JSON.parse(result.stdout)), `stdout is not one JSON document\n${describeRun(args, result)}`);
  assert.equal(typeof value, 'object');
  assert.ok(value !== null && !Array.isArray(value));
  return value as Record<string, unknown>;
}

describe('--json output', () => {
  let dir = '';
  const runs: Record<'init' | 'render', { args: string[]; result?: CliResult }> = {
    init: { args: ['init', '--json', ...SEED_INIT_FLAGS] },
    render: { args: ['render', '--json'] },
  };
  const extraDirs: string[] = [];

  // init then render, once: the tests below read their results.
  before(async () => {
    dir = await tempDir('kube-aws-cli-json-');
    for (const step of [runs.init, runs.render]) {
      step.result = await runCli(step.args, { cwd: dir });
      assert.equal(step.result.code, 0, describeRun(step.args, step.result));
    }
  }, { timeout: SLOW_TIMEOUT_MS });
  after(() => Promise.all([dir, ...extraDirs].map((d) => removeDir(d))));

  it('init --json: stdout is {"created": <path of cluster.yaml>}, the success text is on stderr', { timeout }, async () => {
    const { args, result } = runs.init;
    assert.ok(result);
    const value = singleJson(args, result);
    assert.equal(await realpath(String(value.created)), await realpath(join(dir, 'cluster.yaml')));
    assert.match(result.stderr, /Success! Created cluster\.yaml/);
  });

  it('render --json: stdout is the report (credentials, files, warnings) with no key material; progress on stderr', { timeout }, () => {
    const { args, result } = runs.render;
    assert.ok(result);
    const value = singleJson(args, result);
    const credentials = value.credentials as { entries: Array<{ name: string; action: string }> };
    const files = value.files as Array<{ path: string; action: string }>;
    assert.ok(credentials.entries.some((e) => e.name === 'ca' && e.action === 'created'), JSON.stringify(credentials.entries));
    assert.deepEqual(files.map((f) => f.path).sort(), ['kubeconfig', 'stack-template.json', 'userdata/controller.ign', 'userdata/worker.ign']);
    assert.ok(Array.isArray(value.warnings));
    assert.doesNotMatch(result.stdout, /PRIVATE KEY|BEGIN CERTIFICATE/);
    assert.match(result.stderr, /^created\s+credentials\/ca$/m);
    assert.match(result.stderr, /^wrote\s+stack-template\.json$/m);
    assert.match(result.stderr, /Success! Stack rendered/);
  });

  it('validate --offline --json: stdout is the report, "Validation OK!" and the steps on stderr', { timeout }, async () => {
    const args = ['validate', '--offline', '--json'];
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 0, describeRun(args, result));
    const value = singleJson(args, result);
    assert.ok(value.userData && value.template, JSON.stringify(value));
    assert.match(result.stderr, /Validating UserData\.\.\./);
    assert.match(result.stderr, /Validation OK!/);
  });

  it('--json before the command works the same (version)', { timeout }, async () => {
    const args = ['--json', 'version'];
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 0, describeRun(args, result));
    const value = singleJson(args, result);
    assert.match(String(value.version), /^\d+\.\d+\.\d+/);
  });

  it('a failing command under --json: exit 2, the error on stderr, stdout empty or one JSON document', { timeout }, async () => {
    const before = await snapshotTree(dir);
    const args = ['init', '--json', ...SEED_INIT_FLAGS];
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 2, describeRun(args, result));
    assert.match(result.stderr, /^Error: cluster\.yaml already exists/m);
    if (result.stdout.trim() !== '') singleJson(args, result);
    assert.deepEqual(await snapshotTree(dir), before);
  });
});
