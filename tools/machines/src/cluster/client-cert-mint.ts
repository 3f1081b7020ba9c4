/**
 * Mints short-lived client certificates with the cluster CA on a controller root, as
 * kube-aws-mint-kubeconfig does on the node (openssl there, node-forge here): on-node automation gets
 * an identity without admin.pem ever reaching a machine.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

import type { ClientCredentials } from './machine-types.js';

export const NODE_PKI_DIR = '/etc/kubernetes/pki';

export interface MintOptions {
  /** Controller node root: holds `etc/kubernetes/pki/ca.pem` and `ca-key.pem`. */
  readonly root: string;
  readonly commonName: string;
  readonly organization?: string;
  /** The name the API server certificate is checked against (127.0.0.1 on the controller). */
  readonly serverName?: string;
  readonly validHours?: number;
}

/** A fresh RSA key and a client certificate (clientAuth) for CN/O, signed by the root's cluster CA. */
export function mintClientCredentials(o: MintOptions): ClientCredentials {
  const caPem = readFileSync(join(o.root, NODE_PKI_DIR, 'ca.pem'), 'utf8');
  const caKeyPem = readFileSync(join(o.root, NODE_PKI_DIR, 'ca-key.pem'), 'utf8');
  const ca = forge.pki.certificateFromPem(caPem);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem);
  // Node's key generation is native; forge's would take seconds.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: the top bit cleared.
  cert.serialNumber = `0${randomBytes(16).toString('hex').slice(1)}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 5 * 60_000);
  cert.validity.notAfter = new Date(now + (o.validHours ?? 24) * 3600_000);
  const subject = [
    ...(o.organization ? [{ name: 'organizationName', value: o.organization }] : []),
    { name: 'commonName', value: o.commonName },
  ];
  cert.setSubject(subject);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return {
    caPem,
    certPem: forge.pki.certificateToPem(cert),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    serverName: o.serverName ?? '127.0.0.1',
  };
}
