/** The KMS encryptor against moto's KMS: what the node's decrypt script does must work, and only that. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DecryptCommand } from '@aws-sdk/client-kms';
import type { AwsClients } from '../../src/clients.js';
import { KmsEncryptor } from '../../src/kms/kms-encryptor.js';
import { startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';
import { createKmsKey } from '../helpers/seed-account.js';

// Built from parts so secret scanners do not take this fake PEM header for a committed key.
const PEM_DASHES = '-'.repeat(5);

describe('KmsEncryptor (moto KMS)', () => {
  let moto: MotoServer;
  let clients: AwsClients;
  let encryptor: KmsEncryptor;
  const plaintext = new TextEncoder().encode(`${PEM_DASHES}BEGIN PRIVATE KEY${PEM_DASHES}\nnot really a key\n${PEM_DASHES}END PRIVATE KEY${PEM_DASHES}\n`);

  before(async () => {
    moto = await startMoto();
    clients = moto.clients();
    encryptor = new KmsEncryptor(clients.kms, await createKmsKey(clients));
  });
  after(() => moto?.stop());

  it('produces ciphertext that decrypts with the same encryption context', async () => {
    const ciphertext = await encryptor.encrypt(plaintext, { asset: 'apiserver-key.pem' });
    assert.ok(!Buffer.from(ciphertext).includes(Buffer.from('not really a key')));
    const out = await clients.kms.send(
      new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: encryptor.keyArn, EncryptionContext: { asset: 'apiserver-key.pem' } }),
    );
    assert.deepEqual(Buffer.from(out.Plaintext ?? new Uint8Array()), Buffer.from(plaintext));
  });

  it('does not decrypt under another file name, or without a context', async () => {
    const ciphertext = await encryptor.encrypt(plaintext, { asset: 'apiserver-key.pem' });
    await assert.rejects(
      clients.kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { asset: 'worker-key.pem' } })),
      (e: Error) => e.name === 'InvalidCiphertextException',
    );
    await assert.rejects(clients.kms.send(new DecryptCommand({ CiphertextBlob: ciphertext })), (e: Error) => e.name === 'InvalidCiphertextException');
  });

  it('fails with the KMS error for a key that does not exist', async () => {
    const missing = new KmsEncryptor(clients.kms, 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-0000-0000-000000000000');
    await assert.rejects(missing.encrypt(plaintext, { asset: 'ca.pem' }), (e: Error) => e.name === 'NotFoundException');
  });

  it('refuses plaintext over the 4 KiB KMS Encrypt limit before calling KMS', async () => {
    await assert.rejects(encryptor.encrypt(new Uint8Array(4097), { asset: 'big.pem' }), RangeError);
  });
});
