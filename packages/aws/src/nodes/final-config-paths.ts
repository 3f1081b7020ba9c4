/**
 * Where `prepareNodeConfigs` keeps the final node configs (TLS assets as KMS ciphertext) in the
 * asset store, and the manifest that lets a retry reuse them byte for byte.
 */
import type { NodeRole } from '@kube-aws/render';

export const FINAL_CONFIG_DIR = '.kube-aws/final';
export const FINAL_CONFIG_FILES: Readonly<Record<NodeRole, string>> = {
  controller: `${FINAL_CONFIG_DIR}/controller.ign`,
  worker: `${FINAL_CONFIG_DIR}/worker.ign`,
};
export const FINAL_MANIFEST_FILE = `${FINAL_CONFIG_DIR}/manifest.json`;
export const NODE_ROLES: readonly NodeRole[] = ['controller', 'worker'];
