/**
 * A cluster directory shaped like the seed's, in a temp dir: cluster.yaml written the way `kube-aws
 * init` writes it plus the seed's edits, then (optionally) rendered with @kube-aws/render.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadClusterConfig, writeInitialClusterYaml } from '@kube-aws/config/node';
import { renderClusterAssets } from '@kube-aws/render';
import { EXTERNAL_DNS_NAME, KEY_NAME } from './seed-account.js';

export interface ClusterYamlOptions {
  readonly kmsKeyArn: string;
  /** moto's us-west-1 has only a and b; the seed's us-west-1c is for the "AZ wrong" checks. */
  readonly availabilityZone?: string;
  readonly clusterName?: string;
  readonly keyName?: string;
  readonly externalDNSName?: string;
  /** Extra cluster.yaml lines (the seed's edits): `createRecordSet: true`, `hostedZoneId: …`. */
  readonly extra?: readonly string[];
}

export async function makeTempDir(prefix = 'kube-aws-cluster-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function fileUri(dir: string): string {
  return pathToFileURL(dir).href;
}

/** cluster.yaml as `kube-aws init` writes it, with the seed's edits appended. */
export async function writeClusterYaml(dir: string, options: ClusterYamlOptions): Promise<void> {
  const path = await writeInitialClusterYaml(dir, {
    clusterName: options.clusterName ?? 'kube-cluster',
    externalDNSName: options.externalDNSName ?? EXTERNAL_DNS_NAME,
    region: 'us-west-1',
    availabilityZone: options.availabilityZone ?? 'us-west-1a',
    keyName: options.keyName ?? KEY_NAME,
    kmsKeyArn: options.kmsKeyArn,
  });
  const text = await readFile(path, 'utf8');
  await writeFile(path, `${text}\n${['workerCount: 2', ...(options.extra ?? [])].join('\n')}\n`);
}

/** A rendered cluster directory (TLS assets, kubeconfig, userdata, stack template). */
export async function renderedClusterDir(options: ClusterYamlOptions): Promise<string> {
  const dir = await makeTempDir();
  await writeClusterYaml(dir, options);
  const { config } = await loadClusterConfig(dir);
  await renderClusterAssets(dir, config);
  return dir;
}
