/**
 * Reading a finished credentials directory for the layers that ship it (kubeconfig, KMS
 * encryption, node userdata). Every file is checked to hold the PEM type (or key) it should.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';

import { CredentialFileError } from './errors.js';
import { readOptional } from './files.js';
import type { CaName, CredentialFile, CredentialSpec, KeyPairName, LeafName, NodeRole, SecretKeyName } from './model.js';
import { credentialLayout } from './plan.js';
import { credentialFilesForRole } from './roles.js';
import { secretKeyProblem } from './secret-key.js';

/** A certificate and its private key, as PEM text. */
export interface CertificateAndKeyPems {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** A bare key pair, as PEM text (the public key is SPKI, `PUBLIC KEY`). */
export interface KeyPairPems {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** A symmetric key: its base64 text (one line, no newline). */
export interface SecretKeyText {
  readonly keyBase64: string;
}

/** Every credential of a cluster, by name. Holds key material: keep it out of logs and workflows. */
export type CredentialSet = { readonly [N in CaName | LeafName]: CertificateAndKeyPems } & {
  readonly [N in KeyPairName]: KeyPairPems;
} & { readonly [N in SecretKeyName]: SecretKeyText };

const FIELD: Readonly<Record<CredentialFile['content'], string>> = {
  certificate: 'certificatePem',
  'private-key': 'privateKeyPem',
  'public-key': 'publicKeyPem',
  'secret-key': 'keyBase64',
};

const HINT = 'Run `kube-aws render` to create the credentials.';

/**
 * Reads every credential file of `dir` and checks each holds a parseable PEM of its kind.
 * @throws {CredentialFileError} a file is missing, unreadable or of the wrong type
 */
export async function readCredentialSet(dir: string): Promise<CredentialSet> {
  const set: Record<string, Record<string, string>> = {};
  await Promise.all(
    credentialLayout().map(async (spec) => {
      const pems: Record<string, string> = {};
      for (const f of spec.files) {
        const text = await readChecked(dir, spec, f);
        pems[FIELD[f.content]] = f.content === 'secret-key' ? text.trim() : text;
      }
      set[spec.name] = pems;
    }),
  );
  return set as unknown as CredentialSet;
}

/**
 * The files a node of `role` receives, file name → PEM text, each checked like
 * {@link readCredentialSet} does. Which files: {@link CREDENTIAL_FILES_FOR_ROLE}.
 */
export async function readRoleFiles(dir: string, role: NodeRole): Promise<Record<string, string>> {
  const wanted = new Set(credentialFilesForRole(role));
  const files = credentialLayout().flatMap((spec) => spec.files.map((f) => ({ spec, f }))).filter(({ f }) => wanted.has(f.file));
  const texts = await Promise.all(files.map(({ spec, f }) => readChecked(dir, spec, f)));
  return Object.fromEntries(files.map(({ f }, i) => [f.file, texts[i] as string]));
}

async function readChecked(dir: string, spec: CredentialSpec, f: CredentialFile): Promise<string> {
  const path = join(dir, f.file);
  const existing = await readOptional(dir, f.file);
  if (existing === undefined) throw new CredentialFileError(path, 'missing', HINT);
  if (spec.kind === 'secret-key') {
    const problem = secretKeyProblem(existing.text, spec.bytes);
    // render refuses to replace it (see secret-key.ts), so only a backup helps.
    if (problem !== undefined) throw new CredentialFileError(path, `is ${problem}`, 'Restore it from a backup.');
    return existing.text;
  }
  try {
    if (f.content === 'certificate') new X509Certificate(existing.text);
    else if (f.content === 'private-key') createPrivateKey(existing.text);
    // createPublicKey would also accept a private key; a `.pub` must not hold one.
    else if (existing.text.includes('-----BEGIN PUBLIC KEY-----')) createPublicKey(existing.text);
    else throw new Error('no PUBLIC KEY block');
  } catch (cause) {
    throw new CredentialFileError(path, `is not a PEM ${f.content.replace('-', ' ')}`, HINT, { cause });
  }
  return existing.text;
}
