/** Reads cluster.yaml from an asset directory. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClusterConfigError, ClusterConfigNotFoundError } from '../errors.js';
import type { ClusterConfig, ConfigIssue } from '../model.js';
import { parseClusterConfig } from '../parse.js';

/** The fixed name of the config file in an asset directory. */
export const CLUSTER_YAML = 'cluster.yaml';

export interface LoadedClusterConfig {
  readonly config: ClusterConfig;
  readonly warnings: ConfigIssue[];
  /** Valid but exposed settings, which only `kube-aws validate` prints (see `ParseResult`). */
  readonly advisories: ConfigIssue[];
  /** Path of the file read. */
  readonly path: string;
}

/**
 * Loads and validates `<dir>/cluster.yaml`.
 * @throws {ClusterConfigNotFoundError} when the file does not exist.
 * @throws {ClusterConfigError} with every error when the file is invalid.
 */
export async function loadClusterConfig(dir: string): Promise<LoadedClusterConfig> {
  const path = join(dir, CLUSTER_YAML);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ClusterConfigNotFoundError(dir, path);
    throw err;
  }
  const result = parseClusterConfig(text, { fileName: CLUSTER_YAML });
  if (!result.ok) throw new ClusterConfigError(result.errors, path, CLUSTER_YAML);
  return { config: result.config, warnings: result.warnings, advisories: result.advisories, path };
}
