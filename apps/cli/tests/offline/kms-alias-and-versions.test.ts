/**
 * What the CLI does offline with an alias as `--kms-key-arn` (accepted; the template names no
 * alias and `up --export` says up fills KmsKeyArn) and with a kubernetesVersion kube-aws has no
 * version row for (render fails, exit 2, naming cluster.yaml's kubernetesVersion).
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_TIMEOUT_MS, describeRun, runCli, runCliOk } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/dirs.js';
import { seedFlagsWith } from '../helpers/seed.js';

const ALIAS = 'arn:aws:kms:us-west-1:123456789012:alias/kube-aws-assets';

describe('kube-aws with an alias kmsKeyArn, and an unsupported kubernetesVersion', { timeout: CLI_TIMEOUT_MS * 3 }, () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('kube-aws-cli-alias-');
    await runCliOk(['init', ...seedFlagsWith('--kms-key-arn', ALIAS)], { cwd: dir });
    await runCliOk(['render'], { cwd: dir });
  });
  after(() => removeDir(dir));

  it('renders with the alias, naming no alias in the template, and up --export leaves KmsKeyArn to up', async () => {
    const template = await readFile(join(dir, 'stack-template.json'), 'utf8');
    assert.equal(template.includes(ALIAS), false);
    assert.equal((JSON.parse(template) as { Parameters: Record<string, { Default?: string }> }).Parameters['KmsKeyArn']?.Default, undefined);
    const run = await runCli(['up', '--export'], { cwd: dir });
    assert.equal(run.code, 0, describeRun(['up', '--export'], run));
    assert.match(run.stderr, /KmsKeyArn: the key ARN kmsKeyArn arn:aws:kms:us-west-1:123456789012:alias\/kube-aws-assets resolves to \(kms:DescribeKey\), looked up by up/);
  });

  it('render refuses a kubernetesVersion without a version row (exit 2), naming the key and what is supported', async () => {
    const yaml = join(dir, 'cluster.yaml');
    await writeFile(yaml, `${await readFile(yaml, 'utf8')}\nkubernetesVersion: v1.35.2\n`);
    const run = await runCli(['render'], { cwd: dir });
    assert.equal(run.code, 2, describeRun(['render'], run));
    assert.match(run.stderr, /Error: kubernetesVersion v1\.35\.2 in cluster\.yaml has no row in kube-aws's table of supported versions.*supported: v1\.36\.x/);
  });
});
