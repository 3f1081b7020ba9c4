/**
 * `kube-aws validate --offline` end to end: a fresh render passes with the seed's progress lines,
 * and each kind of breakage (JSON syntax, Ignition schema, a dangling CloudFormation Ref, a
 * missing file) fails with exit 2 naming the file and the place in it.
 * (`--offline` because plain `validate` will also ask AWS, through Temporal.)
 */
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_TIMEOUT_MS, SLOW_TIMEOUT_MS, describeRun, runCli, type CliResult } from '../helpers/cli.js';
import { copyDir, removeDir, snapshotTree } from '../helpers/dirs.js';
import { renderSeedCluster } from '../helpers/seed.js';

const timeout = CLI_TIMEOUT_MS;
const VALIDATE = ['validate', '--offline'];

type Json = Record<string, unknown>;

describe('kube-aws validate --offline', () => {
  let dir = '';
  const copies: string[] = [];
  /** A copy of the rendered directory with one file changed. */
  const brokenCopy = async (file: string, change: (text: string) => string): Promise<string> => {
    const c = await copyDir(dir);
    copies.push(c);
    await writeFile(join(c, file), change(await readFile(join(c, file), 'utf8')));
    return c;
  };
  const editJson = (edit: (value: Json) => void) => (text: string): string => {
    const value = JSON.parse(text) as Json;
    edit(value);
    return `${JSON.stringify(value, null, 2)}\n`;
  };
  const assertFailed = (result: CliResult): void => {
    assert.equal(result.code, 2, describeRun(VALIDATE, result));
    assert.match(result.stderr, /^Error: /m);
    assert.doesNotMatch(result.stdout + result.stderr, /Validation OK!/);
  };

  before(async () => {
    dir = await renderSeedCluster('kube-aws-cli-validate-');
  }, { timeout: SLOW_TIMEOUT_MS });
  after(() => Promise.all([dir, ...copies].map((d) => removeDir(d))));

  it('a freshly rendered directory: exit 0, the seed\'s steps then "Validation OK!", nothing written', { timeout }, async () => {
    const before = await snapshotTree(dir);
    const result = await runCli(VALIDATE, { cwd: dir });
    assert.equal(result.code, 0, describeRun(VALIDATE, result));
    const lines = result.stdout.split('\n').filter((l) => l.trim() !== '');
    assert.deepEqual(lines, ['Validating UserData...', 'UserData is valid.', 'Validating stack template...', 'stack template is valid.', 'Validation OK!']);
    assert.doesNotMatch(result.stderr, /Error/);
    assert.deepEqual(await snapshotTree(dir), before);
  });

  it('says, with their place in cluster.yaml, that SSH and the API server are open to 0.0.0.0/0 and a hop limit above 1 lets pods take the node role', { timeout }, async () => {
    const seed = await runCli(VALIDATE, { cwd: dir });
    assert.equal(seed.code, 0, describeRun(VALIDATE, seed));
    assert.match(seed.stderr, /^cluster\.yaml:1:1: warning: sshAccessAllowedSourceCIDRs: sshAccessAllowedSourceCIDRs opens SSH \(port 22\) on every node to the whole internet \(0\.0\.0\.0\/0, the default\)/m);
    assert.match(seed.stderr, /^cluster\.yaml:1:1: warning: apiEndpointAllowedSourceCIDRs: /m);

    const c = await brokenCopy('cluster.yaml', (text) => `${text}\nsshAccessAllowedSourceCIDRs: ["203.0.113.0/24"]\napiEndpointAllowedSourceCIDRs: ["203.0.113.0/24"]\ninstanceMetadata:\n  hopLimit: 2\n`);
    const lines = (await readFile(join(c, 'cluster.yaml'), 'utf8')).split('\n');
    const result = await runCli(VALIDATE, { cwd: c });
    assert.equal(result.code, 0, describeRun(VALIDATE, result));
    assert.doesNotMatch(result.stderr, /0\.0\.0\.0\/0/);
    const hopLine = lines.findIndex((l) => l.includes('hopLimit: 2')) + 1;
    assert.match(result.stderr, new RegExp(`^cluster\\.yaml:${hopLine}:13: warning: instanceMetadata\\.hopLimit: instanceMetadata\\.hopLimit 2 lets pods without host networking reach instance metadata and take the node role's credentials`, 'm'));
  });

  it('userdata/controller.ign that is not JSON: exit 2 naming the file, line and column', { timeout }, async () => {
    let line = 0;
    let col = 0;
    const c = await brokenCopy('userdata/controller.ign', (text) => {
      // A stray comma right after `"storage": {`; remember where it lands.
      const at = text.indexOf('"storage": {') + '"storage": {'.length;
      assert.ok(at > '"storage": {'.length, 'no storage section to break');
      const before = text.slice(0, at).split('\n');
      line = before.length;
      col = (before.at(-1)?.length ?? 0) + 1;
      return `${text.slice(0, at)},${text.slice(at)}`;
    });
    const result = await runCli(VALIDATE, { cwd: c });
    assertFailed(result);
    assert.match(result.stderr, new RegExp(`userdata/controller\\.ign:${line}:${col}: not valid JSON`));
    assert.doesNotMatch(result.stderr, /userdata\/worker\.ign/, 'the intact worker config was reported');
  });

  it('userdata/controller.ign with a wrong type (file mode as a string): exit 2 naming the file and the JSON path', { timeout }, async () => {
    const c = await brokenCopy(
      'userdata/controller.ign',
      editJson((ign) => {
        const files = (ign.storage as { files: Json[] }).files;
        assert.ok(files[0], 'the controller config has no files');
        files[0].mode = '0644';
      }),
    );
    const result = await runCli(VALIDATE, { cwd: c });
    assertFailed(result);
    // The place as a JSON path (storage.files[0].mode) or a JSON pointer (/storage/files/0/mode).
    assert.match(result.stderr, /userdata\/controller\.ign.*(storage\.files\[0\]\.mode|\/storage\/files\/0\/mode)/);
    assert.match(result.stderr, /integer/);
  });

  it('stack-template.json with a Ref to no resource: exit 2 naming the resource path and the name', { timeout }, async () => {
    let target = '';
    const c = await brokenCopy(
      'stack-template.json',
      editJson((template) => {
        const resources = template.Resources as Record<string, { Properties?: Json }>;
        const [id, resource] = Object.entries(resources).find(([, r]) => JSON.stringify(r.Properties?.VpcId) === '{"Ref":"VPC"}') ?? [];
        assert.ok(id && resource?.Properties, 'no resource refers to the VPC');
        resource.Properties.VpcId = { Ref: 'NoSuchVpc' };
        target = `Resources.${id}.Properties.VpcId`;
      }),
    );
    const result = await runCli(VALIDATE, { cwd: c });
    assertFailed(result);
    assert.match(result.stderr, new RegExp(`stack-template\\.json: ${target.replace(/\./g, '\\.')}: NoSuchVpc is not a resource`));
    // The userdata step still ran and passed; only the template failed.
    assert.match(result.stdout, /UserData is valid\./);
    assert.doesNotMatch(result.stdout, /stack template is valid/);
  });

  it('a deleted userdata/worker.ign: exit 2 naming the file and saying to render', { timeout }, async () => {
    const c = await copyDir(dir);
    copies.push(c);
    await rm(join(c, 'userdata/worker.ign'));
    const result = await runCli(VALIDATE, { cwd: c });
    assertFailed(result);
    assert.match(result.stderr, /userdata\/worker\.ign: file is missing; run `kube-aws render`/);
  });
});
