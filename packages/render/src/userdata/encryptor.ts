/**
 * How TLS assets are encrypted for the nodes, and the offline stand-in used by `validate`.
 */
import { createHash } from 'node:crypto';

/**
 * Encrypts one TLS asset for the nodes. The AWS implementation (in @kube-aws/aws) calls KMS
 * `Encrypt` with `KeyId = keyArn` and `EncryptionContext = { asset: context.asset }`: the node's
 * decrypt script passes the same context, so a ciphertext only decrypts under its own file name.
 */
export interface Encryptor {
  readonly keyArn: string;
  encrypt(plaintext: Uint8Array, context: { readonly asset: string }): Promise<Uint8Array>;
}

/** Bytes a KMS symmetric-key ciphertext blob adds to the plaintext (header, key id, IV, tag). */
export const KMS_ENVELOPE_OVERHEAD_BYTES = 150;

/** Every OfflineEncryptor output starts with this, so it can never be mistaken for KMS output. */
export const OFFLINE_CIPHERTEXT_MAGIC = 'kube-aws-offline-placeholder/not-kms-ciphertext\n';

/**
 * For `kube-aws validate` without network: produces the shape and realistic size of KMS ciphertext
 * (plaintext length + {@link KMS_ENVELOPE_OVERHEAD_BYTES}) so size checks are meaningful, but the
 * bytes are a fixed marker plus a SHA-256 counter stream of (key ARN, asset name, length): the
 * plaintext is never read, so nothing is recoverable and nothing can be decrypted. Deterministic,
 * so two validations render identical configs.
 */
export class OfflineEncryptor implements Encryptor {
  constructor(readonly keyArn: string) {}

  encrypt(plaintext: Uint8Array, context: { readonly asset: string }): Promise<Uint8Array> {
    const size = plaintext.length + KMS_ENVELOPE_OVERHEAD_BYTES;
    const out = Buffer.alloc(size);
    const magic = Buffer.from(OFFLINE_CIPHERTEXT_MAGIC, 'ascii');
    magic.copy(out, 0, 0, Math.min(magic.length, size));
    for (let offset = magic.length, block = 0; offset < size; block += 1, offset += 32) {
      createHash('sha256').update(`${this.keyArn}\0${context.asset}\0${plaintext.length}\0${block}`).digest().copy(out, offset);
    }
    return Promise.resolve(new Uint8Array(out));
  }
}
