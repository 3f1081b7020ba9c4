/**
 * What is already in the credentials directory, read and judged before any key is generated:
 * CAs are validated (and refused with a typed error), leaves and key pairs say whether their key
 * can be reused. Pure functions over file contents already read.
 */
import { join } from 'node:path';

import type forge from 'node-forge';

import { caProblem } from './drift.js';
import { CaMismatchError, CredentialFileError, IncompleteCaError } from './errors.js';
import type { ExistingFile } from './files.js';
import { parseCertificate } from './inspect.js';
import { parseRsaPrivateKey, publicKeyMatches, rsaKeyMatches, type RsaPrivateKey } from './keys.js';
import type { CaSpec, CredentialSpec, KeyPairSpec, LeafSpec } from './model.js';

export type ExistingFiles = ReadonlyMap<string, ExistingFile | undefined>;

/** An existing CA that passed every check and will be reused as is. */
export interface ReusableCa {
  readonly cert: forge.pki.Certificate;
  readonly certPem: string;
  readonly key: RsaPrivateKey;
}

/** A certificate credential's existing files, judged. */
export interface CertInspection<S extends CredentialSpec> {
  readonly spec: S;
  /** Neither file exists: the credential is created from scratch. */
  readonly absent: boolean;
  /** A reusable key (valid RSA ≥ 2048), if the key file holds one. */
  readonly key?: RsaPrivateKey;
  /** The parsed existing certificate, if readable. */
  readonly cert?: forge.pki.Certificate;
  /** Why the files cannot simply be kept, known before comparing with the spec. */
  readonly problems: readonly string[];
}

/** The two file names of a certificate credential (`<name>.pem`, `<name>-key.pem`). */
export function certAndKeyFiles(spec: CaSpec | LeafSpec): { certFile: string; keyFile: string } {
  const certFile = spec.files.find((f) => f.content === 'certificate')?.file ?? `${spec.name}.pem`;
  const keyFile = spec.files.find((f) => f.content === 'private-key')?.file ?? `${spec.name}-key.pem`;
  return { certFile, keyFile };
}

/**
 * Judges an existing CA: absent (create it) or reusable. Anything in between throws, because a CA
 * is never overwritten: {@link IncompleteCaError}, {@link CaMismatchError}, {@link CredentialFileError}.
 */
export function inspectCa(dir: string, spec: CaSpec, files: ExistingFiles): ReusableCa | undefined {
  const { certFile, keyFile } = certAndKeyFiles(spec);
  const certText = files.get(certFile)?.text;
  const keyText = files.get(keyFile)?.text;
  if (certText === undefined && keyText === undefined) return undefined;
  if (certText === undefined) throw new IncompleteCaError(dir, keyFile, certFile);
  if (keyText === undefined) throw new IncompleteCaError(dir, certFile, keyFile);

  const hint = `Restore it from a backup, or delete both ${certFile} and ${keyFile} to make a new CA.`;
  let cert: forge.pki.Certificate;
  try {
    cert = parseCertificate(certText);
  } catch (cause) {
    throw new CredentialFileError(join(dir, certFile), 'is not a PEM certificate with an RSA key', hint, { cause });
  }
  const problem = caProblem(cert);
  if (problem !== undefined) throw new CredentialFileError(join(dir, certFile), `is ${problem}`, hint);
  const parsed = parseRsaPrivateKey(keyText);
  if (!parsed.ok) throw new CredentialFileError(join(dir, keyFile), `is ${parsed.problem}`, hint);
  if (!rsaKeyMatches(cert.publicKey, parsed.key.forge)) throw new CaMismatchError(dir, certFile, keyFile);
  return { cert, certPem: certText, key: parsed.key };
}

/** Judges a leaf's existing files; never throws (a broken leaf is simply re-issued). */
export function inspectLeaf(spec: LeafSpec, files: ExistingFiles): CertInspection<LeafSpec> {
  const { certFile, keyFile } = certAndKeyFiles(spec);
  const certText = files.get(certFile)?.text;
  const keyText = files.get(keyFile)?.text;
  if (certText === undefined && keyText === undefined) return { spec, absent: true, problems: [] };

  const problems: string[] = [];
  let key: RsaPrivateKey | undefined;
  if (keyText === undefined) problems.push(`${keyFile} missing`);
  else {
    const parsed = parseRsaPrivateKey(keyText);
    if (parsed.ok) key = parsed.key;
    else problems.push(`${keyFile} unusable (${parsed.problem})`);
  }

  let cert: forge.pki.Certificate | undefined;
  if (certText === undefined) problems.push(`${certFile} missing`);
  else {
    try {
      cert = parseCertificate(certText);
    } catch {
      problems.push(`${certFile} unreadable`);
    }
  }
  if (cert !== undefined && key !== undefined && !rsaKeyMatches(cert.publicKey, key.forge)) {
    problems.push('key does not match certificate');
  }
  return { spec, absent: false, problems, ...(key ? { key } : {}), ...(cert ? { cert } : {}) };
}

/** A key pair's existing files, judged. */
export interface KeyPairInspection {
  readonly spec: KeyPairSpec;
  readonly absent: boolean;
  readonly key?: RsaPrivateKey;
  /** Whether the public key file must be (re)written. */
  readonly writePublic: boolean;
  readonly problems: readonly string[];
}

/** Judges the service-account key pair: the private key is the truth, the `.pub` follows it. */
export function inspectKeyPair(spec: KeyPairSpec, files: ExistingFiles): KeyPairInspection {
  const keyFile = spec.files.find((f) => f.content === 'private-key')?.file ?? `${spec.name}-key.pem`;
  const pubFile = spec.files.find((f) => f.content === 'public-key')?.file ?? `${spec.name}.pub`;
  const keyText = files.get(keyFile)?.text;
  const pubText = files.get(pubFile)?.text;
  if (keyText === undefined && pubText === undefined) return { spec, absent: true, writePublic: true, problems: [] };
  if (keyText === undefined) return { spec, absent: false, writePublic: true, problems: [`${keyFile} missing`] };

  const parsed = parseRsaPrivateKey(keyText);
  if (!parsed.ok) return { spec, absent: false, writePublic: true, problems: [`${keyFile} unusable (${parsed.problem})`] };
  if (pubText === undefined) return { spec, absent: false, key: parsed.key, writePublic: true, problems: [`${pubFile} missing`] };
  if (!publicKeyMatches(pubText, keyText)) {
    return { spec, absent: false, key: parsed.key, writePublic: true, problems: [`${pubFile} does not match ${keyFile}`] };
  }
  return { spec, absent: false, key: parsed.key, writePublic: false, problems: [] };
}
