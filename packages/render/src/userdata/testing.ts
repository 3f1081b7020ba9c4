/**
 * Test doubles for userdata: an {@link Encryptor} that is reversible and deterministic, with no KMS.
 * Never used in production code.
 */
import { createHash } from 'node:crypto';

import type { Encryptor } from './encryptor.js';

const MAGIC = Buffer.from('kube-aws-test-ciphertext\0', 'ascii');

function keystream(keyArn: string, asset: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0, block = 0; offset < length; block += 1, offset += 32) {
    createHash('sha256').update(`${keyArn}\0${asset}\0${block}`).digest().copy(out, offset);
  }
  return out;
}

/** XORs with a SHA-256 keystream of (key ARN, asset) behind a marker; {@link decrypt} reverses it. */
export class DeterministicTestEncryptor implements Encryptor {
  constructor(readonly keyArn = 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000') {}

  encrypt(plaintext: Uint8Array, context: { readonly asset: string }): Promise<Uint8Array> {
    const ks = keystream(this.keyArn, context.asset, plaintext.length);
    const body = Buffer.from(plaintext.map((b, i) => b ^ (ks[i] as number)));
    return Promise.resolve(new Uint8Array(Buffer.concat([MAGIC, body])));
  }

  decrypt(ciphertext: Uint8Array, context: { readonly asset: string }): Uint8Array {
    const body = Buffer.from(ciphertext).subarray(MAGIC.length);
    const ks = keystream(this.keyArn, context.asset, body.length);
    return new Uint8Array(body.map((b, i) => b ^ (ks[i] as number)));
  }
}
