/**
 * Compares an existing certificate with what the plan asks for, and says in words what differs.
 * An empty answer means the certificate can be kept.
 */
import type forge from 'node-forge';

import { extKeyUsageOf, formatName, isCa, isSignedBy, keyUsageOf, sansOf } from './inspect.js';
import type { CaSpec, LeafSpec } from './model.js';
import { DAY_MS, subjectAttributes } from './x509.js';

/** Durations within a day of the configured one count as equal (clock-skew backdating, rounding). */
const DURATION_TOLERANCE_MS = DAY_MS;
const WANTED_SIGNATURE = 'sha256WithRSAEncryption';
const SHA256_WITH_RSA_OID = '1.2.840.113549.1.1.11';

/** Validity length of a certificate in whole days. */
export function validityDays(cert: forge.pki.Certificate): number {
  return Math.round((cert.validity.notAfter.getTime() - cert.validity.notBefore.getTime()) / DAY_MS);
}

/** Whether a certificate's validity length is the spec's duration, give or take a day. */
export function durationMatches(cert: forge.pki.Certificate, durationDays: number): boolean {
  const length = cert.validity.notAfter.getTime() - cert.validity.notBefore.getTime();
  return Math.abs(length - durationDays * DAY_MS) <= DURATION_TOLERANCE_MS;
}

/**
 * Why an existing leaf no longer matches its spec (empty: keep it). Key/cert pairing is checked by
 * the caller, which knows about the key file.
 */
export function leafDrift(spec: LeafSpec, cert: forge.pki.Certificate, issuer: forge.pki.Certificate, now: Date): string[] {
  const reasons: string[] = [];
  if (!isSignedBy(cert, issuer)) reasons.push(`issuer changed (not signed by the current ${spec.issuer}.pem)`);

  const wantSubject = formatName(subjectAttributes(spec.subject));
  const haveSubject = formatName(cert.subject.attributes);
  if (wantSubject !== haveSubject) reasons.push(`subject changed: ${haveSubject} → ${wantSubject}`);

  const have = sansOf(cert);
  const sanChange = setChange([...have.dns, ...have.ips], [...spec.sans.dns, ...spec.sans.ips]);
  if (sanChange) reasons.push(`SANs changed: ${sanChange}`);

  const usageChange = setChange(
    [...keyUsageOf(cert), ...extKeyUsageOf(cert), ...(isCa(cert) ? ['CA'] : [])],
    [...spec.keyUsage, ...spec.extKeyUsage],
  );
  if (usageChange) reasons.push(`usages changed: ${usageChange}`);

  if (cert.signatureOid !== SHA256_WITH_RSA_OID) reasons.push(`signature algorithm is not ${WANTED_SIGNATURE}`);
  if (!durationMatches(cert, spec.durationDays)) {
    reasons.push(`duration changed ${validityDays(cert)} → ${spec.durationDays} days`);
  }
  if (cert.validity.notAfter.getTime() <= now.getTime()) reasons.push('expired');
  else if (cert.validity.notBefore.getTime() > now.getTime()) reasons.push('not valid yet');
  return reasons;
}

/**
 * Problems with an existing CA that make it unusable (the caller turns them into an error):
 * it must be a CA certificate able to sign. Duration/expiry are warnings, see {@link caWarnings}.
 */
export function caProblem(cert: forge.pki.Certificate): string | undefined {
  if (!isCa(cert)) return 'not a CA certificate (basicConstraints CA:TRUE is missing)';
  const ku = cert.getExtension('keyUsage') as { keyCertSign?: boolean } | undefined;
  if (ku !== undefined && ku.keyCertSign !== true) return 'a CA certificate whose keyUsage lacks keyCertSign';
  return undefined;
}

/** Warnings for a reused CA: a duration that differs from the config. Expiry is warned separately. */
export function caWarnings(spec: CaSpec, certFile: string, keyFile: string, cert: forge.pki.Certificate): string[] {
  if (durationMatches(cert, spec.durationDays)) return [];
  return [
    `${certFile} is valid for ${validityDays(cert)} days but tlsCADurationDays is ${spec.durationDays}; ` +
      `an existing CA is never changed by the config: delete both ${certFile} and ${keyFile} to make a new CA ` +
      `(every certificate is then re-issued and every node needs the new ${certFile}).`,
  ];
}

/** `+ added, - removed` between two sets of strings, or '' when equal. Order follows `want`/`have`. */
function setChange(have: readonly string[], want: readonly string[]): string {
  const added = want.filter((w) => !have.includes(w)).map((w) => `+ ${w}`);
  const removed = have.filter((h) => !want.includes(h)).map((h) => `- ${h}`);
  return [...added, ...removed].join(', ');
}
