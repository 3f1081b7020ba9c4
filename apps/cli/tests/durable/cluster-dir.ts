/**
 * A cluster directory for the durable-command tests: the seed's cluster.yaml written by the real
 * `init` (in-process). The durable commands read only cluster.yaml before they talk to Temporal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/program.js';
import { Writable } from 'node:stream';

export const SEED_INIT_FLAGS: readonly string[] = [
  '--cluster-name=kube-cluster',
  '--external-dns-name=kube.isaack.io',
  '--region=us-west-1',
  '--availability-zone=us-west-1c',
  '--key-name=isaack-k8s',
  '--kms-key-arn=arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f',
];

const discard = (): Writable => new Writable({ write: (_chunk, _encoding, callback) => callback() });

export async function emptyDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kube-aws-cli-durable-'));
}

/** A new directory holding the seed's cluster.yaml. */
export async function clusterDir(...extraCommands: (readonly string[])[]): Promise<string> {
  const dir = await emptyDir();
  for (const argv of [['init', ...SEED_INIT_FLAGS], ...extraCommands]) {
    const code = await runCli(argv, { cwd: dir, stdout: discard(), stderr: discard() });
    if (code !== 0) throw new Error(`kube-aws ${argv[0]} failed in ${dir} (exit ${code})`);
  }
  return dir;
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}
