/** `renderAssets`: `kube-aws render` over an asset store. */
import { CaMismatchError, CertificateParseError, CredentialFileError, IncompleteCaError } from '@kube-aws/pki';
import type { CredentialAction } from '@kube-aws/pki';
import { CREDENTIALS_DIR, PinnedImageError, UnsupportedKubernetesVersionError, renderClusterAssets } from '@kube-aws/render';
import type { FileAction } from '@kube-aws/render';
import type { RenderSummary } from '../contract.js';
import { nonRetryable } from '../shared/failure.js';
import type { AssetStore } from './asset-store.js';
import { readClusterYamlIn } from './cluster-yaml.js';

const CREDENTIAL_ACTIONS: Readonly<Record<CredentialAction, string>> = { created: 'wrote', kept: 'reused', reissued: 'reissued' };
const FILE_ACTIONS: Readonly<Record<FileAction, string>> = { wrote: 'wrote', updated: 'updated', unchanged: 'unchanged', kept: 'kept-edited' };

/**
 * Renders TLS assets, kubeconfig, userdata and the stack template. Idempotent as render is: what
 * is still valid is kept, an edited file is kept, and a CA is never overwritten (a CA that does
 * not match its key, or half a CA, stops render: `AssetsInvalid`). A kubernetesVersion without a
 * row in render's version table is `ConfigInvalid`.
 */
export async function renderAssets(store: AssetStore, now: () => Date): Promise<RenderSummary> {
  return store.withWorkingCopy(async (dir) => {
    const { config, warnings } = await readClusterYamlIn(dir, store.uri);
    let report;
    try {
      report = await renderClusterAssets(dir, config, { now: now() });
    } catch (error) {
      if (error instanceof CaMismatchError || error instanceof IncompleteCaError || error instanceof CredentialFileError || error instanceof CertificateParseError) {
        throw nonRetryable('AssetsInvalid', error.message);
      }
      if (error instanceof UnsupportedKubernetesVersionError) throw nonRetryable('ConfigInvalid', error.message, { field: error.field, supported: error.supported });
      // A kube-aws bug, not the user's: retrying renders the same images again.
      if (error instanceof PinnedImageError) throw nonRetryable('AssetsInvalid', error.message);
      throw error;
    }
    const files: RenderSummary['files'][number][] = [];
    for (const entry of report.credentials.entries) {
      for (const file of entry.files) {
        files.push({ path: `${CREDENTIALS_DIR}/${file}`, action: CREDENTIAL_ACTIONS[entry.action], ...(entry.reason ? { reason: entry.reason } : {}) });
      }
    }
    for (const file of report.files) files.push({ path: file.path, action: FILE_ACTIONS[file.action], ...(file.note ? { reason: file.note } : {}) });
    return { files, warnings: [...warnings, ...report.warnings] };
  });
}
