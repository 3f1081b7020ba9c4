/**
 * The kubelet's client key and certificate signing request: an ECDSA P-256 key (what the kubelet
 * generates) and a PKCS#10 request for `CN=system:node:<name>, O=system:nodes`. node-forge only signs
 * RSA, so the request is assembled with its ASN.1 helpers and signed with Node's crypto.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
const OID_ORGANIZATION = '2.5.4.10';
const OID_COMMON_NAME = '2.5.4.3';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** A new ECDSA P-256 key, PEM (`EC PRIVATE KEY`, as the kubelet writes it). */
export function generateNodeKey(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: 'sec1', format: 'pem' }).toString();
}

function rdn(oid: string, value: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(value)),
    ]),
  ]);
}

function derBytes(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

/** PEM `CERTIFICATE REQUEST` for `commonName` in `organizations` (subject order as Go writes it: O, then CN). */
export function buildCsrPem(keyPem: string, commonName: string, organizations: readonly string[]): string {
  const key = createPrivateKey(keyPem);
  const spkiDer = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const subject = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    ...organizations.map((o) => rdn(OID_ORGANIZATION, o)),
    rdn(OID_COMMON_NAME, commonName),
  ]);
  const info = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, String.fromCharCode(0)),
    subject,
    asn1.fromDer(forge.util.createBuffer(spkiDer.toString('binary'))),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, []),
  ]);
  const infoDer = derBytes(info);
  const signature = sign('sha256', infoDer, key);
  const csr = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    info,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(OID_ECDSA_WITH_SHA256).getBytes()),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, String.fromCharCode(0) + signature.toString('binary')),
  ]);
  const b64 = derBytes(csr).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
}
