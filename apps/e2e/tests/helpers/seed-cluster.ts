/**
 * A cluster directory the way the seed makes one: `kube-aws init` with the seed's flags (its own
 * name and DNS name, so clusters can share a sandbox), the seed's cluster.yaml edits, `render`.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { applySeedEdits, SEED_INIT_FLAGS } from '@kube-aws/sandbox/seed-scenario';
import type { Harness } from './harness.js';
import { describeRun } from './harness.js';

export interface SeedClusterOptions {
  readonly name: string;
  /** Extra cluster.yaml keys after the seed's edits. */
  readonly edits?: Readonly<Record<string, unknown>>;
  /** `--kms-key-arn` for init (default: the sandbox key's ARN). */
  readonly kmsKeyArn?: string;
}

export function seedInitFlags(name: string, kmsKeyArn: string): string[] {
  return SEED_INIT_FLAGS(kmsKeyArn).map((flag) =>
    flag
      .replace('--cluster-name=kube-cluster', `--cluster-name=${name}`)
      .replace('--external-dns-name=kube.isaack.io', `--external-dns-name=${name}.isaack.io`),
  );
}

export async function seedCluster(h: Harness, options: SeedClusterOptions): Promise<string> {
  const dir = h.clusterDir(options.name);
  const init = await h.kubeAws(['init', ...seedInitFlags(options.name, options.kmsKeyArn ?? h.sandbox.kmsKeyArn)], dir);
  assert.equal(init.code, 0, describeRun(init));
  const clusterYaml = join(dir, 'cluster.yaml');
  applySeedEdits(clusterYaml);
  if (options.edits) {
    const doc = parseDocument(readFileSync(clusterYaml, 'utf8'));
    for (const [key, value] of Object.entries(options.edits)) doc.set(key, value);
    writeFileSync(clusterYaml, doc.toString());
  }
  const render = await h.kubeAws(['render'], dir);
  assert.equal(render.code, 0, describeRun(render));
  return dir;
}
