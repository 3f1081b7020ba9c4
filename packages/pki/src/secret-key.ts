/**
 * Symmetric keys (the secrets-encryption key): random bytes from Node's CSPRNG, stored base64 on
 * one line, the form kube-apiserver's EncryptionConfiguration takes. Unlike a leaf, an existing key
 * is never replaced, even when it looks broken: whatever it encrypted would become unreadable, so a
 * bad key file is refused (like a bad CA) and the operator decides.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { CredentialFileError } from './errors.js';
import type { ExistingFiles } from './existing.js';
import type { SecretKeySpec } from './model.js';

const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

/** A new key of `bytes` random bytes, as the file holds it: base64 and a newline. */
export function generateSecretKey(bytes: number): string {
  return `${randomBytes(bytes).toString('base64')}\n`;
}

/**
 * Why `text` is not a base64 key of exactly `bytes` bytes, or undefined when it is one. The answer
 * never quotes the text.
 */
export function secretKeyProblem(text: string, bytes: number): string | undefined {
  const line = text.trim();
  // Buffer.from(…, 'base64') skips what it cannot read; re-encoding shows whether anything was skipped.
  if (!BASE64_LINE.test(line) || Buffer.from(line, 'base64').toString('base64') !== line) return 'not one line of base64';
  const length = Buffer.from(line, 'base64').length;
  return length === bytes ? undefined : `a ${length}-byte key where ${bytes} bytes are needed`;
}

/** The key file of a secret-key spec (it has exactly one). */
export function secretKeyFile(spec: SecretKeySpec): string {
  return spec.files[0]?.file ?? `${spec.name}.b64`;
}

/**
 * Judges an existing secret key: absent (`false`: make one) or present and usable (`true`).
 * @throws {CredentialFileError} the file exists but is not a usable key; nothing is written
 */
export function inspectSecretKey(dir: string, spec: SecretKeySpec, files: ExistingFiles): boolean {
  const file = secretKeyFile(spec);
  const existing = files.get(file);
  if (existing === undefined) return false;
  const problem = secretKeyProblem(existing.text, spec.bytes);
  if (problem === undefined) return true;
  throw new CredentialFileError(
    join(dir, file),
    `is ${problem}`,
    "It encrypts the cluster's Secrets in etcd, so it is never replaced: restore it from a backup. " +
      'Only for a cluster that was never brought up, delete it and run `kube-aws render` again to make a new key.',
  );
}
