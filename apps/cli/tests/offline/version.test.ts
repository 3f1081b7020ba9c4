/**
 * The installed command works anywhere: `node_modules/.bin/kube-aws` (the npm shim, run through
 * its `#!/usr/bin/env node` line) from a directory outside the repository, where no tsconfig,
 * package.json or node_modules is in reach of the working directory.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_SHIM, CLI_TIMEOUT_MS, REPO_ROOT, describeRun, runCli } from '../helpers/cli.js';
import { removeDir, snapshotTree, tempDir } from '../helpers/dirs.js';

const timeout = CLI_TIMEOUT_MS;

describe('node_modules/.bin/kube-aws outside the repository', () => {
  let dir = '';
  let version = '';
  before(async () => {
    dir = await tempDir('kube-aws-cli-version-');
    version = (JSON.parse(await readFile(join(REPO_ROOT, 'apps/cli/package.json'), 'utf8')) as { version: string }).version;
  });
  after(() => removeDir(dir));

  it('runs from a temp dir outside the repository', () => {
    assert.ok(relative(REPO_ROOT, dir).startsWith('..'), `${dir} is inside ${REPO_ROOT}`);
  });

  it('version: exit 0, prints the package version, writes nothing', { timeout }, async () => {
    const result = await runCli(['version'], { cwd: dir, executable: CLI_SHIM });
    assert.equal(result.code, 0, describeRun(['version'], result));
    assert.equal(result.stdout, `kube-aws version ${version}\n`);
    assert.equal(result.stderr, '');
    assert.deepEqual(await snapshotTree(dir), {});
  });

  it('--json version: one JSON document with the version', { timeout }, async () => {
    const result = await runCli(['--json', 'version'], { cwd: dir, executable: CLI_SHIM });
    assert.equal(result.code, 0, describeRun(['--json', 'version'], result));
    assert.equal((JSON.parse(result.stdout) as { version: string }).version, version);
  });

  it('an unknown command: exit 2 with usage on stderr', { timeout }, async () => {
    const result = await runCli(['no-such-command'], { cwd: dir, executable: CLI_SHIM });
    assert.equal(result.code, 2, describeRun(['no-such-command'], result));
    assert.match(result.stderr, /unknown command 'no-such-command'/);
    assert.equal(result.stdout, '');
  });
});
