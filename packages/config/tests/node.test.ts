import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ClusterConfigError,
  ClusterConfigNotFoundError,
  ClusterYamlExistsError,
  InitOptionsError,
  loadClusterConfig,
  writeInitialClusterYaml,
} from '../src/node/index.js';
import { INIT } from './helpers.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-aws-config-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const d = join(dir, name);
  await mkdir(d);
  return d;
}

describe('loadClusterConfig', () => {
  it('loads the seed file with its warning', async () => {
    const d = await freshDir('seed');
    await writeFile(join(d, 'cluster.yaml'), await readFile(new URL('./fixtures/seed-cluster.yaml', import.meta.url)));
    const loaded = await loadClusterConfig(d);
    assert.equal(loaded.path, join(d, 'cluster.yaml'));
    assert.equal(loaded.config.clusterName, 'kube-cluster');
    assert.equal(loaded.warnings.length, 1);
  });

  it('says to run init when there is no cluster.yaml', async () => {
    const d = await freshDir('missing');
    await assert.rejects(loadClusterConfig(d), (err: unknown) => {
      assert.ok(err instanceof ClusterConfigNotFoundError);
      assert.equal(err.name, 'ClusterConfigNotFoundError');
      assert.match(err.message, /run `kube-aws init`/);
      return true;
    });
  });

  it('throws every error, one formatted line each', async () => {
    const d = await freshDir('invalid');
    const fixture = new URL('./fixtures/invalid/27-several-errors', import.meta.url).pathname;
    await writeFile(join(d, 'cluster.yaml'), await readFile(`${fixture}.yaml`));
    const expected = (await readFile(`${fixture}.expected.txt`, 'utf8')).trimEnd();
    await assert.rejects(loadClusterConfig(d), (err: unknown) => {
      assert.ok(err instanceof ClusterConfigError);
      assert.equal(err.name, 'ClusterConfigError');
      assert.equal(err.message, expected);
      assert.equal(err.issues.length, expected.split('\n').length);
      return true;
    });
  });
});

describe('writeInitialClusterYaml', () => {
  it('creates cluster.yaml with mode 0600 that loads', async () => {
    const d = await freshDir('init');
    const written = await writeInitialClusterYaml(d, INIT);
    assert.equal(written, join(d, 'cluster.yaml'));
    assert.equal((await stat(written)).mode & 0o777, 0o600);
    const loaded = await loadClusterConfig(d);
    assert.equal(loaded.config.externalDNSName, 'kube.isaack.io');
  });

  it('refuses to overwrite and leaves the file unchanged', async () => {
    const d = await freshDir('exists');
    await writeFile(join(d, 'cluster.yaml'), 'mine\n');
    await assert.rejects(writeInitialClusterYaml(d, INIT), (err: unknown) => {
      assert.ok(err instanceof ClusterYamlExistsError);
      assert.equal(err.message, `cluster.yaml already exists in ${d}; remove it or run init in an empty directory`);
      return true;
    });
    assert.equal(await readFile(join(d, 'cluster.yaml'), 'utf8'), 'mine\n');
  });

  it('throws all option problems and writes nothing', async () => {
    const d = await freshDir('bad-options');
    await assert.rejects(writeInitialClusterYaml(d, { ...INIT, kmsKeyArn: 'nope', availabilityZone: 'eu-west-1a' }), (err: unknown) => {
      assert.ok(err instanceof InitOptionsError);
      assert.equal(err.issues.length, 2);
      assert.match(err.message, /--availability-zone[^\n]*\n--kms-key-arn/);
      return true;
    });
    await assert.rejects(stat(join(d, 'cluster.yaml')), { code: 'ENOENT' });
  });
});
