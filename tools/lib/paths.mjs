// Where the project keeps things outside the repository: downloads, builds and tool caches live
// under the home directory (KUBE_AWS_CACHE overrides), never in the checkout.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const cacheRoot = process.env.KUBE_AWS_CACHE ?? join(homedir(), '.cache', 'kube-aws');
export const cacheBin = join(cacheRoot, 'bin');

/** Environment for Nx so its cache and workspace data stay out of the repository. */
export function nxEnv(extra = {}) {
  return {
    ...process.env,
    NX_CACHE_DIRECTORY: join(cacheRoot, 'nx', 'cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(cacheRoot, 'nx', 'workspace-data'),
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    KUBE_AWS_CACHE: cacheRoot,
    ...extra,
  };
}
