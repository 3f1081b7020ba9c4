// The seed's scenario, step by step with our CLI: what a person following
// "Deploying Kubernetes on AWS" types, in a git-ignored demo directory.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

export const SEED_INIT_FLAGS = (kmsKeyArn) => [
  '--cluster-name=kube-cluster',
  '--external-dns-name=kube.isaack.io',
  '--region=us-west-1',
  '--availability-zone=us-west-1c',
  '--key-name=isaack-k8s',
  `--kms-key-arn=${kmsKeyArn}`,
];

/** The seed's step 4: its edits to cluster.yaml (2 workers, t2.micro, 80 GiB, a Route53 record). */
export const SEED_EDITS = {
  releaseChannel: 'alpha',
  createRecordSet: true,
  recordSetTTL: 300,
  hostedZone: 'isaack.io',
  controllerInstanceType: 't2.micro',
  controllerRootVolumeSize: 80,
  workerCount: 2,
  workerInstanceType: 't2.micro',
  workerRootVolumeSize: 80,
  stackTags: { Name: 'Kubernetes', Environment: 'Production' },
};

/** Applies the seed's edits the way a person would: set the keys, keep every comment. */
export function applySeedEdits(clusterYamlPath) {
  const doc = parseDocument(readFileSync(clusterYamlPath, 'utf8'));
  let changed = false;
  for (const [key, value] of Object.entries(SEED_EDITS)) {
    if (JSON.stringify(doc.get(key)?.toJSON?.() ?? doc.get(key)) === JSON.stringify(value)) continue;
    doc.set(key, value);
    changed = true;
  }
  if (changed) writeFileSync(clusterYamlPath, doc.toString());
  return changed;
}

export function ensureDir(dir) {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  return dir;
}

export function demoDir(repoRoot) {
  return join(repoRoot, 'demo', 'kube-cluster');
}
