/** `initCluster`: `kube-aws init` inside `provision`, into any asset store. */
import { ClusterYamlExistsError, InitOptionsError, writeInitialClusterYaml } from '@kube-aws/config/node';
import type { InitInput, InitResult } from '../contract.js';
import { nonRetryable } from '../shared/failure.js';
import type { AssetStore } from './asset-store.js';
import { CLUSTER_YAML_PATH } from './cluster-yaml.js';

/**
 * Writes cluster.yaml as `kube-aws init` does (mode 0600, the commented template). An existing
 * cluster.yaml is never touched: `wrote: false`, so a resumed provision keeps the user's edits.
 * @throws ApplicationFailure `ConfigInvalid` when a flag is missing or malformed.
 */
export async function initCluster(store: AssetStore, input: InitInput): Promise<InitResult> {
  if ((await store.readFile(CLUSTER_YAML_PATH)) !== undefined) return { wrote: false };
  const { assetsUri: _uri, ...options } = input;
  try {
    await store.withWorkingCopy((dir) => writeInitialClusterYaml(dir, options).then(() => undefined), { create: true });
  } catch (error) {
    // Another attempt of this activity got there first (directory stores; S3 copies start empty).
    if (error instanceof ClusterYamlExistsError) return { wrote: false };
    if (error instanceof InitOptionsError) throw nonRetryable('ConfigInvalid', error.message, { issues: error.issues.map((i) => i.message) });
    throw error;
  }
  return { wrote: true };
}
