/**
 * Builds and signs X.509 certificates with node-forge: SHA-256 signatures, random 128-bit
 * positive serials, SKI/AKI, critical basicConstraints and keyUsage.
 */
import { randomBytes } from 'node:crypto';

import forge from 'node-forge';

import type { ExtKeyUsage, KeyUsage, Subject, SubjectAltNames } from './model.js';

/** Certificates start this long before "now", so a node whose clock lags a little accepts them. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** One day in milliseconds; durations in the config are whole days. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The CA that signs a certificate: its parsed certificate and key. */
export interface Signer {
  readonly cert: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
}

export interface CertificateRequest {
  readonly subject: Subject;
  readonly publicKey: forge.pki.rsa.PublicKey;
  readonly keyUsage: readonly KeyUsage[];
  readonly extKeyUsage: readonly ExtKeyUsage[];
  readonly sans: SubjectAltNames;
  readonly isCa: boolean;
  readonly durationDays: number;
  readonly now: Date;
}

/** Issues a certificate: self-signed with `selfKey` when `signer` is absent (a CA), else by `signer`. */
export function issueCertificate(
  req: CertificateRequest,
  signing: { readonly signer: Signer } | { readonly selfKey: forge.pki.rsa.PrivateKey },
): { pem: string; cert: forge.pki.Certificate } {
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialHex();
  // Whole seconds: X.509 times carry no milliseconds, and round-tripping must compare equal.
  const now = Math.floor(req.now.getTime() / 1000) * 1000;
  cert.validity.notBefore = new Date(now - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now + req.durationDays * DAY_MS);
  cert.publicKey = req.publicKey;
  const subject = subjectAttributes(req.subject);
  cert.setSubject(subject);

  const signer = 'signer' in signing ? signing.signer : undefined;
  cert.setIssuer(signer ? signer.cert.subject.attributes : subject);
  const authorityKeyId = signer ? subjectKeyIdOf(signer.cert) : keyIdOf(req.publicKey);

  const extensions: object[] = [
    { name: 'basicConstraints', cA: req.isCa, critical: true },
    { name: 'keyUsage', critical: true, ...Object.fromEntries(req.keyUsage.map((u) => [u, true])) },
  ];
  if (req.extKeyUsage.length > 0) {
    extensions.push({ name: 'extKeyUsage', ...Object.fromEntries(req.extKeyUsage.map((u) => [u, true])) });
  }
  const altNames = [
    ...req.sans.dns.map((value) => ({ type: 2, value })),
    ...req.sans.ips.map((ip) => ({ type: 7, ip })),
  ];
  if (altNames.length > 0) extensions.push({ name: 'subjectAltName', altNames });
  extensions.push({ name: 'subjectKeyIdentifier' }, { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId });
  cert.setExtensions(extensions);

  cert.sign(signer ? signer.key : (signing as { selfKey: forge.pki.rsa.PrivateKey }).selfKey, forge.md.sha256.create());
  return { pem: certificateToPem(cert), cert };
}

/** PEM with `\n` line ends (forge writes `\r\n`), so files look like openssl's. */
export function certificateToPem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/** Subject attributes in Go's pkix order (O before CN). */
export function subjectAttributes(subject: Subject): forge.pki.CertificateField[] {
  const attrs: forge.pki.CertificateField[] = [];
  if (subject.organization !== undefined) attrs.push({ shortName: 'O', value: subject.organization });
  attrs.push({ shortName: 'CN', value: subject.commonName });
  return attrs;
}

/** 16 random bytes, top bit clear (positive) and first byte non-zero (minimal DER, 128 bits long). */
function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes.writeUInt8((bytes.readUInt8(0) & 0x7f) || 0x01, 0);
  return bytes.toString('hex');
}

/** RFC 5280 method 1 key id: SHA-1 of the RSAPublicKey, as a forge byte string. */
function keyIdOf(publicKey: forge.pki.PublicKey): string {
  return forge.pki.getPublicKeyFingerprint(publicKey, { type: 'RSAPublicKey' }).getBytes();
}

/** The issuer's own SKI (what clients match the AKI against); computed if the CA lacks one. */
function subjectKeyIdOf(cert: forge.pki.Certificate): string {
  const ext = cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | undefined;
  return ext?.subjectKeyIdentifier ? forge.util.hexToBytes(ext.subjectKeyIdentifier) : keyIdOf(cert.publicKey);
}
