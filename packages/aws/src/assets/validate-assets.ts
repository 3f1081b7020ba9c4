/** `validateAssets`: the local half of `kube-aws validate`, over an asset store. */
import { AssetValidationError, validateClusterAssets } from '@kube-aws/render';
import type { LocalValidationSummary } from '../contract.js';
import { nonRetryable } from '../shared/failure.js';
import type { AssetStore } from './asset-store.js';
import { readClusterYamlIn } from './cluster-yaml.js';

/**
 * Validates userdata, manifests, credentials and the template offline (TLS assets stand-in
 * encrypted by the OfflineEncryptor, so no KMS call and nothing decryptable). Reads only.
 * @throws ApplicationFailure `AssetsInvalid` listing every problem with its file and place.
 */
export async function validateAssets(store: AssetStore, now: () => Date): Promise<LocalValidationSummary> {
  return store.withWorkingCopy(
    async (dir) => {
      const { config, warnings } = await readClusterYamlIn(dir, store.uri);
      try {
        const report = await validateClusterAssets(dir, config, { now: now() });
        return {
          userDataBytes: { controller: report.userData.controller.userData, worker: report.userData.worker.userData },
          templateBytes: report.template.bytes,
          templateFitsInline: report.template.fitsInline,
          warnings: [...warnings, ...report.warnings],
        };
      } catch (error) {
        if (error instanceof AssetValidationError) throw nonRetryable('AssetsInvalid', error.message, { problems: error.problems });
        throw error;
      }
    },
    { writeBack: false },
  );
}
