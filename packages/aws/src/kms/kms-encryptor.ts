/**
 * The real {@link Encryptor}: each TLS asset becomes a KMS ciphertext bound to its file name by
 * the encryption context `{ asset: <file name> }`, which the node's decrypt script passes back.
 * A ciphertext moved to another file name does not decrypt.
 */
import { EncryptCommand } from '@aws-sdk/client-kms';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Encryptor } from '@kube-aws/render';
import { activitySignal } from '../shared/heartbeat.js';

/** KMS `Encrypt` takes at most 4 KiB of plaintext; every TLS asset kube-aws makes is well under it. */
export const KMS_ENCRYPT_MAX_BYTES = 4096;

export class KmsEncryptor implements Encryptor {
  constructor(
    private readonly kms: KMSClient,
    readonly keyArn: string,
  ) {}

  async encrypt(plaintext: Uint8Array, context: { readonly asset: string }): Promise<Uint8Array> {
    if (plaintext.length > KMS_ENCRYPT_MAX_BYTES) {
      throw new RangeError(`${context.asset} is ${plaintext.length} bytes; KMS Encrypt takes at most ${KMS_ENCRYPT_MAX_BYTES}`);
    }
    const out = await this.kms.send(
      new EncryptCommand({ KeyId: this.keyArn, Plaintext: plaintext, EncryptionContext: { asset: context.asset } }),
      { abortSignal: activitySignal() },
    );
    if (!out.CiphertextBlob) throw new Error(`KMS Encrypt returned no ciphertext for ${context.asset}`);
    return out.CiphertextBlob;
  }
}
