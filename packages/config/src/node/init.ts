/** Creates the initial cluster.yaml (`kube-aws init`). */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { ClusterYamlExistsError, InitOptionsError } from '../errors.js';
import { checkInitOptions, type InitOptions } from '../init-options.js';
import { renderInitialClusterYaml } from '../init-template.js';
import { parseClusterConfig } from '../parse.js';
import { CLUSTER_YAML } from './load.js';

/**
 * Checks the init options, then creates `<dir>/cluster.yaml` (mode 0600) exclusively: an
 * existing file is never touched. Returns the path written. Option warnings (a region this
 * release does not know) do not stop it; call {@link checkInitOptions} to show them.
 * @throws {InitOptionsError} with every problem when an option is missing or malformed.
 * @throws {ClusterYamlExistsError} when cluster.yaml already exists.
 */
export async function writeInitialClusterYaml(dir: string, opts: InitOptions): Promise<string> {
  const errors = checkInitOptions(opts).filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new InitOptionsError(errors);
  const text = renderInitialClusterYaml(opts);
  // The options passed their checks, so the file must validate; never write one that would not.
  const check = parseClusterConfig(text);
  if (!check.ok) throw new InitOptionsError(check.errors);

  const path = join(dir, CLUSTER_YAML);
  let file;
  try {
    file = await open(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ClusterYamlExistsError(dir, path);
    throw err;
  }
  try {
    await file.writeFile(text, 'utf8');
  } finally {
    await file.close();
  }
  return path;
}
