/**
 * RSA keys: generated with Node's native `crypto.generateKeyPair` (asynchronous, on libuv's
 * thread pool, so many keys are made in parallel), then handed to node-forge for certificate work.
 * node-forge's own prime search is pure JavaScript: slow, and it blocks the event loop.
 */
import { createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';

import forge from 'node-forge';

/** Modulus size for new keys, and the smallest size an existing key may have to be reused. */
export const RSA_KEY_BITS = 2048;

/** A private key ready for signing: its PEM (as written to disk) and node-forge's view of it. */
export interface RsaPrivateKey {
  /** PKCS#1 (`RSA PRIVATE KEY`) for keys made here; an existing file's bytes when reused. */
  readonly pem: string;
  readonly forge: forge.pki.rsa.PrivateKey;
}

/** Makes a new RSA key (PKCS#1 PEM, like kube-aws and kubeadm write them). */
export function generateRsaKey(): Promise<RsaPrivateKey> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength: RSA_KEY_BITS,
        publicExponent: 0x10001,
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      },
      (err, _publicKey, privateKey) => {
        if (err) reject(err);
        else resolve({ pem: privateKey, forge: forge.pki.privateKeyFromPem(privateKey) });
      },
    );
  });
}

/** Result of {@link parseRsaPrivateKey}: the key, or a short reason it cannot be used. */
export type ParsedKey = { readonly ok: true; readonly key: RsaPrivateKey } | { readonly ok: false; readonly problem: string };

/**
 * Reads a PEM private key (PKCS#1 or PKCS#8, unencrypted). Refuses non-RSA keys (forge signs only
 * with RSA) and keys shorter than {@link RSA_KEY_BITS}. The problem text never quotes the key.
 */
export function parseRsaPrivateKey(pem: string): ParsedKey {
  let keyObject;
  try {
    keyObject = createPrivateKey(pem);
  } catch {
    return { ok: false, problem: 'not an unencrypted PEM private key' };
  }
  if (keyObject.asymmetricKeyType !== 'rsa') {
    return { ok: false, problem: `a ${keyObject.asymmetricKeyType ?? 'unknown'} key, not RSA` };
  }
  const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < RSA_KEY_BITS) return { ok: false, problem: `an RSA key of ${bits} bits, under ${RSA_KEY_BITS}` };
  const pkcs1 = keyObject.export({ type: 'pkcs1', format: 'pem' }).toString();
  return { ok: true, key: { pem, forge: forge.pki.privateKeyFromPem(pkcs1) } };
}

/** The SPKI (`PUBLIC KEY`) PEM of a private key: the service-account `.pub` file. */
export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}

/** Whether a PEM public key is the public half of `privateKeyPem` (compared as normalised SPKI). */
export function publicKeyMatches(publicKeyPem: string, privateKeyPem: string): boolean {
  try {
    const given = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
    const derived = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
    return given.equals(derived);
  } catch {
    return false;
  }
}

/** node-forge's public half of a private key, for a certificate's subjectPublicKeyInfo. */
export function forgePublicKeyOf(key: RsaPrivateKey): forge.pki.rsa.PublicKey {
  return forge.pki.setRsaPublicKey(key.forge.n, key.forge.e);
}

/** Whether an RSA public key (from a certificate) belongs to a private key. */
export function rsaKeyMatches(publicKey: forge.pki.PublicKey, privateKey: forge.pki.rsa.PrivateKey): boolean {
  const pub = publicKey as forge.pki.rsa.PublicKey;
  return pub.n !== undefined && pub.n.equals(privateKey.n) && pub.e.equals(privateKey.e);
}
