/**
 * The seed article's cluster ("Deploying Kubernetes on AWS"): its init flags, with the KMS ARN's
 * account and key id given a real shape (the article redacted them). The same flags as
 * tools/sandbox/seed-scenario.mjs's SEED_INIT_FLAGS.
 */
import { join } from 'node:path';
import { runCliOk } from './cli.js';
import { tempDir } from './dirs.js';

export const SEED_KMS_KEY_ARN = 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';

/** The values of the six init flags, by cluster.yaml key. */
export const SEED_VALUES = {
  clusterName: 'kube-cluster',
  externalDNSName: 'kube.isaack.io',
  region: 'us-west-1',
  availabilityZone: 'us-west-1c',
  keyName: 'isaack-k8s',
  kmsKeyArn: SEED_KMS_KEY_ARN,
} as const;

export const SEED_INIT_FLAGS: readonly string[] = [
  `--cluster-name=${SEED_VALUES.clusterName}`,
  `--external-dns-name=${SEED_VALUES.externalDNSName}`,
  `--region=${SEED_VALUES.region}`,
  `--availability-zone=${SEED_VALUES.availabilityZone}`,
  `--key-name=${SEED_VALUES.keyName}`,
  `--kms-key-arn=${SEED_VALUES.kmsKeyArn}`,
];

/** The seed flags with one replaced (matched by its `--name=` prefix). */
export function seedFlagsWith(flag: string, value: string): string[] {
  return SEED_INIT_FLAGS.map((f) => (f.startsWith(`${flag}=`) ? `${flag}=${value}` : f));
}

/** `kube-aws init` with the seed's flags then `kube-aws render`, in a new temp dir (the slow part: key generation). */
export async function renderSeedCluster(prefix = 'kube-aws-cli-'): Promise<string> {
  const dir = await tempDir(prefix);
  await runCliOk(['init', ...SEED_INIT_FLAGS], { cwd: dir });
  await runCliOk(['render'], { cwd: dir });
  return dir;
}

export const clusterYamlOf = (dir: string): string => join(dir, 'cluster.yaml');
