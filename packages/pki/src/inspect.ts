/**
 * Reading certificates back: the facts other packages need (subject, SANs, expiry, fingerprint)
 * and whether a certificate was signed by a given CA. No key material is ever returned.
 */
import { X509Certificate } from 'node:crypto';

import forge from 'node-forge';

import { CertificateParseError } from './errors.js';
import type { CertificateInfo, ExtKeyUsage, KeyUsage, Subject, SubjectAltNames } from './model.js';

const KEY_USAGES: readonly KeyUsage[] = ['digitalSignature', 'keyEncipherment', 'keyCertSign', 'cRLSign'];
const EXT_KEY_USAGES: readonly ExtKeyUsage[] = ['serverAuth', 'clientAuth'];

/** Parses a PEM certificate with node-forge, or throws {@link CertificateParseError}. */
export function parseCertificate(pem: string, what = 'certificate'): forge.pki.Certificate {
  try {
    return forge.pki.certificateFromPem(pem);
  } catch (cause) {
    throw new CertificateParseError(what, { cause });
  }
}

/** Subject, issuer, SANs, usages, validity and SHA-256 fingerprint of a PEM certificate. */
export function certificateInfo(pem: string): CertificateInfo {
  const cert = parseCertificate(pem);
  return {
    subject: subjectOf(cert.subject.attributes),
    issuer: subjectOf(cert.issuer.attributes),
    sans: sansOf(cert),
    keyUsage: keyUsageOf(cert),
    extKeyUsage: extKeyUsageOf(cert),
    isCa: isCa(cert),
    serialNumber: cert.serialNumber,
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    sha256Fingerprint: new X509Certificate(pem).fingerprint256,
    signatureAlgorithm: forge.pki.oids[cert.signatureOid] ?? cert.signatureOid,
  };
}

/**
 * Whether `certPem` was issued by the CA in `caPem`: its issuer name is the CA's subject and its
 * signature verifies with the CA's public key. Validity dates are not checked.
 */
export function verifyIssuedBy(certPem: string, caPem: string): boolean {
  return isSignedBy(parseCertificate(certPem), parseCertificate(caPem, 'CA certificate'));
}

/** {@link verifyIssuedBy} on parsed certificates. */
export function isSignedBy(cert: forge.pki.Certificate, ca: forge.pki.Certificate): boolean {
  try {
    return ca.verify(cert);
  } catch {
    // forge throws when the issuer name differs; that is simply "not issued by this CA".
    return false;
  }
}

/** A distinguished name as text, attributes in certificate order: `O=system:masters, CN=kube-admin`. */
export function formatName(attributes: readonly forge.pki.CertificateField[]): string {
  return attributes.map((a) => `${a.shortName ?? a.name ?? a.type ?? '?'}=${String(a.value)}`).join(', ');
}

function subjectOf(attributes: readonly forge.pki.CertificateField[]): Subject {
  const cn = attributes.find((a) => a.shortName === 'CN');
  const o = attributes.find((a) => a.shortName === 'O');
  return o === undefined
    ? { commonName: String(cn?.value ?? '') }
    : { commonName: String(cn?.value ?? ''), organization: String(o.value) };
}

export function sansOf(cert: forge.pki.Certificate): SubjectAltNames {
  const ext = cert.getExtension('subjectAltName') as
    | { altNames?: { type: number; value?: string; ip?: string }[] }
    | undefined;
  const names = ext?.altNames ?? [];
  return {
    dns: names.filter((n) => n.type === 2).map((n) => n.value ?? ''),
    ips: names.filter((n) => n.type === 7).map((n) => n.ip ?? ''),
  };
}

export function keyUsageOf(cert: forge.pki.Certificate): KeyUsage[] {
  const ext = cert.getExtension('keyUsage') as Record<string, unknown> | undefined;
  return KEY_USAGES.filter((u) => ext?.[u] === true);
}

export function extKeyUsageOf(cert: forge.pki.Certificate): ExtKeyUsage[] {
  const ext = cert.getExtension('extKeyUsage') as Record<string, unknown> | undefined;
  return EXT_KEY_USAGES.filter((u) => ext?.[u] === true);
}

export function isCa(cert: forge.pki.Certificate): boolean {
  const ext = cert.getExtension('basicConstraints') as { cA?: boolean } | undefined;
  return ext?.cA === true;
}
