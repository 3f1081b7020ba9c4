/**
 * `kube-aws render` on every broken cluster.yaml in packages/config/tests/fixtures/invalid/: exit
 * 2, exactly the errors the config package's own test expects (as the CLI prints them: the first
 * after "Error: ", one `cluster.yaml:LINE:COL: key: message` per line), and the directory left
 * byte-for-byte as it was, with no new file. Also render with no cluster.yaml at all.
 */
import assert from 'node:assert/strict';
import { copyFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_TIMEOUT_MS, REPO_ROOT, describeRun, runCli } from '../helpers/cli.js';
import { removeDir, snapshotTree, tempDir } from '../helpers/dirs.js';

const timeout = CLI_TIMEOUT_MS;
const FIXTURES = join(REPO_ROOT, 'packages/config/tests/fixtures/invalid');
const fixtures = (await readdir(FIXTURES)).filter((f) => f.endsWith('.yaml')).sort();
/** An error line as the CLI prints it; the first one follows "Error: ". */
const ERROR_LINE = /^(?:Error: )?(cluster\.yaml:\d+:\d+: .*)$/;

describe('kube-aws render with an invalid cluster.yaml', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => removeDir(d))));

  it('has at least 20 fixtures, each with its .expected.txt', () => {
    assert.ok(fixtures.length >= 20, `only ${fixtures.length} fixtures in ${FIXTURES}`);
  });

  // Each case only reads its fixture and works in its own directory, so two can run at once.
  describe('fixtures', { concurrency: 2 }, () => {
    for (const fixture of fixtures) {
      it(fixture, { timeout }, async () => {
        const expected = (await readFile(join(FIXTURES, fixture.replace(/\.yaml$/, '.expected.txt')), 'utf8')).trimEnd().split('\n');
        const dir = await tempDir('kube-aws-cli-invalid-');
        dirs.push(dir);
        await copyFile(join(FIXTURES, fixture), join(dir, 'cluster.yaml'));
        const before = await snapshotTree(dir);

        const result = await runCli(['render'], { cwd: dir });
        assert.equal(result.code, 2, describeRun(['render'], result));
        assert.doesNotMatch(result.stdout, /Success/);
        const lines = result.stderr.split('\n');
        assert.match(lines[0] ?? '', /^Error: /, 'the first line of stderr is not an error');
        // Every expected line is printed whole, and no other error line is.
        const printed = lines.flatMap((l) => ERROR_LINE.exec(l)?.slice(1, 2) ?? []);
        assert.deepEqual(printed, expected, describeRun(['render'], result));

        assert.deepEqual(await snapshotTree(dir), before, 'render changed or created files');
      });
    }
  });

  it('no cluster.yaml: exit 2 saying to run init, nothing created', { timeout }, async () => {
    const dir = await tempDir('kube-aws-cli-empty-');
    dirs.push(dir);
    const result = await runCli(['render'], { cwd: dir });
    assert.equal(result.code, 2, describeRun(['render'], result));
    assert.match(result.stderr, /^Error: no cluster\.yaml in .*; run `kube-aws init` there first/m);
    assert.deepEqual(await snapshotTree(dir), {});
  });
});
