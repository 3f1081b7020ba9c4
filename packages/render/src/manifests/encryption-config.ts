/**
 * Encryption of Secrets at rest: the EncryptionConfiguration kube-apiserver reads through
 * `--encryption-provider-config`. It holds the key itself (the format has no way to point at a key
 * file), so it is never rendered into the userdata: the controller builds it at boot from the key
 * the decrypt unit leaves in the pki directory (see `encryptionConfigScript` in userdata/scripts.ts).
 *
 * The provider is `secretbox` (XSalsa20-Poly1305, a 32-byte key): of the providers that need no
 * plugin, the one Kubernetes' docs rate strong without conditions (`aescbc`: weak, CBC padding
 * oracles; `aesgcm`: a new key every 200k writes). The `kms` v2 provider would keep the key in AWS
 * KMS, but it needs a KMS plugin running beside kube-apiserver (aws-encryption-provider), and there
 * is no pinned, checked upstream image of it to run; kube-aws publishes no images of its own.
 */
import { SECRETS_ENCRYPTION_KEY_FILE } from '@kube-aws/pki';

import { NODE_PKI_DIR } from '../kubeconfig/node-kubeconfig.js';

/** The decrypted key on the controller (base64, one line, 0600), as the decrypt unit writes it. */
export const SECRETS_ENCRYPTION_KEY_PATH = `${NODE_PKI_DIR}/${SECRETS_ENCRYPTION_KEY_FILE}`;
/**
 * The EncryptionConfiguration on the controller. In the pki directory because it holds the key:
 * that directory is 0700 and already mounted read-only into kube-apiserver.
 */
export const ENCRYPTION_CONFIG_PATH = `${NODE_PKI_DIR}/encryption-config.yaml`;
/** The key's name in the configuration; stored values start `k8s:enc:secretbox:v1:<name>:`. */
export const SECRETS_ENCRYPTION_KEY_NAME = 'kube-aws-1';

/**
 * The EncryptionConfiguration for a base64 key. `identity` comes second so Secrets written before
 * encryption was turned on stay readable (each is encrypted the next time it is written). Written
 * as text, not through a YAML library, because the node's script fills the same text in with a
 * shell variable: the key is a double-quoted scalar, and base64 never needs escaping in one.
 */
export function encryptionConfigurationYaml(keyBase64: string): string {
  return `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - secretbox:
          keys:
            - name: ${SECRETS_ENCRYPTION_KEY_NAME}
              secret: "${keyBase64}"
      - identity: {}
`;
}
