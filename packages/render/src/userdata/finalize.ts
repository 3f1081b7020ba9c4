/**
 * Turns an editable node config into the one uploaded to S3: adds the node's TLS assets as KMS
 * ciphertext (`/etc/kubernetes/pki/<file>.enc`) and the unit that decrypts them on boot.
 * Plaintext key material never enters the output.
 */
import { NodeAssetsMismatchError } from '../errors.js';
import { NODE_PKI_DIR } from '../kubeconfig/node-kubeconfig.js';
import { base64DataUrl } from './data-url.js';
import type { Encryptor } from './encryptor.js';
import type { IgnitionConfig, IgnitionFile, NodeRole } from './ignition-types.js';
import { nodeAssetNames } from './node-assets.js';
import { MODE_0600, MODE_0755, textFile } from './node-ignition.js';
import { SCRIPT_DIR, decryptAssetsScript } from './scripts.js';
import { DECRYPT_ASSETS_UNIT, decryptAssetsUnit } from './units.js';

/** The region the decrypt script calls KMS in; taken from the key ARN so finalize needs no config. */
function regionOfKeyArn(keyArn: string): string {
  const region = keyArn.split(':')[3];
  if (region === undefined || region === '') throw new TypeError(`KMS key ARN "${keyArn}" has no region`);
  return region;
}

/**
 * Adds the role's encrypted TLS assets and `kube-aws-decrypt-assets.service` to `source`.
 * `assets` maps file names (`apiserver-key.pem`) to contents and must hold exactly the role's
 * assets ({@link nodeAssetNames}); otherwise {@link NodeAssetsMismatchError}.
 */
export async function finalizeNodeIgnition(
  source: IgnitionConfig,
  role: NodeRole,
  assets: ReadonlyMap<string, Uint8Array>,
  encryptor: Encryptor,
): Promise<IgnitionConfig> {
  const wanted = nodeAssetNames(role);
  const missing = wanted.filter((n) => !assets.has(n));
  const unexpected = [...assets.keys()].filter((n) => !wanted.includes(n)).sort();
  if (missing.length > 0 || unexpected.length > 0) throw new NodeAssetsMismatchError(role, missing, unexpected);

  const encFiles: IgnitionFile[] = [];
  for (const name of wanted) {
    const plaintext = assets.get(name) as Uint8Array;
    const ciphertext = await encryptor.encrypt(plaintext, { asset: name });
    encFiles.push({ path: `${NODE_PKI_DIR}/${name}.enc`, mode: MODE_0600, overwrite: true, contents: { source: base64DataUrl(ciphertext) } });
  }
  const script = textFile(`${SCRIPT_DIR}/kube-aws-decrypt-assets`, decryptAssetsScript(regionOfKeyArn(encryptor.keyArn), encryptor.keyArn), MODE_0755);

  const units = (source.systemd?.units ?? []).filter((u) => u.name !== DECRYPT_ASSETS_UNIT);
  const files = (source.storage?.files ?? []).filter((f) => !f.path.endsWith('.enc') && f.path !== script.path);
  return {
    ...source,
    storage: { ...source.storage, files: [...files, script, ...encFiles] },
    systemd: { ...source.systemd, units: [...units, decryptAssetsUnit()] },
  };
}
