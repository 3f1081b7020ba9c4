/**
 * cluster.yaml read from an asset store and parsed with @kube-aws/config, its errors turned into
 * the activity failures the CLI shows (`cluster.yaml:LINE:COL: key: message`, one per line).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssue, parseClusterConfig } from '@kube-aws/config';
import type { ClusterConfig } from '@kube-aws/config';
import type { ClusterSummary } from '../contract.js';
import { sha256Hex } from '../shared/digest.js';
import { nonRetryable } from '../shared/failure.js';
import type { AssetStore } from './asset-store.js';

export const CLUSTER_YAML_PATH = 'cluster.yaml';

export interface LoadedCluster {
  readonly config: ClusterConfig;
  /** Formatted warnings (`cluster.yaml:3:1: warning: hostedZone: …`). */
  readonly warnings: readonly string[];
  /** SHA-256 (hex) of cluster.yaml's bytes. */
  readonly digest: string;
}

/**
 * Parses cluster.yaml's bytes.
 * @throws ApplicationFailure `ConfigInvalid` listing every error with its line and column.
 */
export function parseClusterYaml(bytes: Uint8Array): LoadedCluster {
  const result = parseClusterConfig(new TextDecoder().decode(bytes), { fileName: CLUSTER_YAML_PATH });
  if (!result.ok) {
    const lines = result.errors.map((issue) => formatIssue(issue, CLUSTER_YAML_PATH));
    throw nonRetryable('ConfigInvalid', lines.join('\n'), { issues: lines });
  }
  return { config: result.config, warnings: result.warnings.map((w) => formatIssue(w, CLUSTER_YAML_PATH)), digest: sha256Hex(bytes) };
}

function missing(where: string): Error {
  return nonRetryable('AssetsMissing', `no cluster.yaml in ${where}; run \`kube-aws init\` there first to create one`);
}

/** cluster.yaml of a store. @throws ApplicationFailure `AssetsMissing` or `ConfigInvalid`. */
export async function readClusterYaml(store: AssetStore): Promise<LoadedCluster> {
  const bytes = await store.readFile(CLUSTER_YAML_PATH);
  if (bytes === undefined) throw missing(store.uri);
  return parseClusterYaml(bytes);
}

/** cluster.yaml of a working copy (what the offline functions will see). */
export async function readClusterYamlIn(dir: string, uri: string): Promise<LoadedCluster> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(join(dir, CLUSTER_YAML_PATH)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw missing(uri);
    throw error;
  }
  return parseClusterYaml(bytes);
}

/** What the workflows see of a cluster: no secrets, the KMS key's ARN is only an identifier. */
export function clusterSummary(loaded: LoadedCluster): ClusterSummary {
  const { config } = loaded;
  return {
    clusterName: config.clusterName,
    stackName: config.clusterName,
    region: config.region,
    availabilityZones: [...new Set(config.subnets.map((s) => s.availabilityZone))],
    externalDNSName: config.externalDNSName,
    createRecordSet: config.createRecordSet,
    workerCount: config.workerCount,
    kmsKeyArn: config.kmsKeyArn,
    keyName: config.keyName,
    controllerIP: config.controllerIP,
    configDigest: loaded.digest,
    warnings: loaded.warnings,
  };
}
