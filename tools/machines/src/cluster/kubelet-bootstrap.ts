/**
 * The kubelet's TLS bootstrap: with the bootstrap kubeconfig's credential (O=system:bootstrappers),
 * request a client certificate for `system:node:<name>` and wait for kube-controller-manager to
 * approve (the 00-node-bootstrap-rbac addon grants the auto-approval) and sign it. The key never
 * leaves the state directory; the signed certificate is kept there, so a restart reuses it.
 */
import { X509Certificate, createHash, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { KubeApiError, NodeBootstrapError, NodeCredentialRejectedError } from '../errors.js';
import { KubeApiClient, errorText, isConflict } from './kube-api-client.js';
import type { ApiServerAddress, ClientCredentials } from './machine-types.js';
import { buildCsrPem, generateNodeKey } from './node-csr.js';
import { readNodeKubeconfig } from './node-kubeconfig-file.js';

export const BOOTSTRAP_KUBECONFIG = '/etc/kubernetes/bootstrap-kubelet.conf';
export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
const CSR_PATH = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

export interface BootstrapOptions {
  readonly nodeName: string;
  readonly root: string;
  readonly apiServer: ApiServerAddress;
  readonly stateDir: string;
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly isStopped: () => boolean;
  readonly log: (line: string) => void;
}

export interface NodeIdentity {
  readonly credentials: ClientCredentials;
  /** The kubeconfig the agent wrote for itself (like /var/lib/kubelet/kubeconfig). */
  readonly kubeconfigFile: string;
  readonly server: URL;
}

interface CsrObject {
  metadata: { name: string };
  status?: { certificate?: string; conditions?: { type: string; reason?: string; message?: string }[] };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A certificate in `pem` for `commonName`, issued by `caPem`, valid for at least another hour. */
function usableCertificate(pem: string, caPem: string, commonName: string): boolean {
  try {
    const cert = new X509Certificate(pem);
    const ca = new X509Certificate(caPem);
    return (
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      cert.subject.split('\n').includes(`CN=${commonName}`) &&
      Date.parse(cert.validTo) > Date.now() + 3600_000
    );
  } catch {
    return false;
  }
}

function writeIdentity(stateDir: string, server: URL, serverName: string, caPem: string, certPem: string, keyPem: string): string {
  const pki = join(stateDir, 'pki');
  mkdirSync(pki, { recursive: true, mode: 0o700 });
  const bundle = join(pki, 'kubelet-client-current.pem');
  writeFileSync(bundle, `${certPem.trimEnd()}\n${keyPem.trimEnd()}\n`, { mode: 0o600 });
  writeFileSync(join(pki, 'ca.pem'), caPem);
  const kubeconfig = join(stateDir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: default-cluster',
      '  cluster:',
      `    server: ${server.href.replace(/\/$/, '')}`,
      `    certificate-authority: ${join(pki, 'ca.pem')}`,
      ...(serverName !== server.hostname ? [`    tls-server-name: ${serverName}`] : []),
      'users:',
      '- name: default-auth',
      '  user:',
      `    client-certificate: ${bundle}`,
      `    client-key: ${bundle}`,
      'contexts:',
      '- name: default-context',
      '  context:',
      '    cluster: default-cluster',
      '    user: default-auth',
      'current-context: default-context',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return kubeconfig;
}

function splitBundle(bundle: string): { certPem: string; keyPem: string } {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(bundle)?.[0] ?? '';
  const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/.exec(bundle)?.[0] ?? '';
  return { certPem: `${cert}\n`, keyPem: `${key}\n` };
}

/** Runs the bootstrap (or reuses the certificate a previous run got) and returns the node's own identity. */
export async function bootstrapNodeIdentity(o: BootstrapOptions): Promise<NodeIdentity> {
  const boot = readNodeKubeconfig(o.root, BOOTSTRAP_KUBECONFIG);
  const commonName = `system:node:${o.nodeName}`;
  const bundleFile = join(o.stateDir, 'pki', 'kubelet-client-current.pem');
  if (existsSync(bundleFile)) {
    const { certPem, keyPem } = splitBundle(readFileSync(bundleFile, 'utf8'));
    if (usableCertificate(certPem, boot.caPem, commonName)) {
      o.log(`reusing the client certificate in ${bundleFile}`);
      const kubeconfigFile = writeIdentity(o.stateDir, boot.server, boot.serverName, boot.caPem, certPem, keyPem);
      return { credentials: { caPem: boot.caPem, certPem, keyPem, serverName: boot.serverName }, kubeconfigFile, server: boot.server };
    }
  }

  mkdirSync(join(o.stateDir, 'pki'), { recursive: true, mode: 0o700 });
  const keyFile = join(o.stateDir, 'pki', 'kubelet-client.key.tmp');
  const keyPem = existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : generateNodeKey();
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  const request = buildCsrPem(keyPem, commonName, ['system:nodes']);
  // Named from the key and subject, as the kubelet does, so a retry finds its own request.
  const digest = createHash('sha256')
    .update(createPublicKey(keyPem).export({ type: 'spki', format: 'der' }))
    .update(commonName)
    .digest('base64url');
  const csrName = `node-csr-${digest}`;

  const client = new KubeApiClient(o.apiServer, { caPem: boot.caPem, certPem: boot.certPem, keyPem: boot.keyPem, serverName: boot.serverName }, `kubelet/${o.nodeName} (bootstrap)`);
  const deadline = Date.now() + o.timeoutMs;
  const pollMs = o.pollMs ?? 500;
  let lastProblem = 'no answer yet';
  try {
    for (;;) {
      if (o.isStopped()) throw new NodeBootstrapError(o.nodeName, 'TLS bootstrap', 'the agent was stopped');
      if (Date.now() > deadline) {
        throw new NodeBootstrapError(
          o.nodeName,
          'TLS bootstrap',
          `no signed client certificate within ${Math.round(o.timeoutMs / 1000)}s (last: ${lastProblem}). ` +
            'kube-controller-manager signs kubelet client CSRs with --cluster-signing-cert-file/--cluster-signing-key-file, and approves them once the 00-node-bootstrap-rbac addon is applied.',
        );
      }
      try {
        let csr = await client.find<CsrObject>(`${CSR_PATH}/${csrName}`);
        if (!csr) {
          csr = await client.post<CsrObject>(CSR_PATH, {
            apiVersion: 'certificates.k8s.io/v1',
            kind: 'CertificateSigningRequest',
            metadata: { name: csrName },
            spec: {
              request: Buffer.from(request).toString('base64'),
              signerName: KUBELET_CLIENT_SIGNER,
              usages: ['digital signature', 'client auth'],
            },
          });
          o.log(`created CSR ${csrName} for ${commonName}`);
        }
        const refused = csr.status?.conditions?.find((c) => c.type === 'Denied' || c.type === 'Failed');
        if (refused) {
          throw new NodeBootstrapError(o.nodeName, 'TLS bootstrap', `CSR ${csrName} was ${refused.type.toLowerCase()}: ${refused.reason ?? ''} ${refused.message ?? ''}`.trim());
        }
        if (csr.status?.certificate) {
          const certPem = Buffer.from(csr.status.certificate, 'base64').toString('utf8');
          if (!usableCertificate(certPem, boot.caPem, commonName)) {
            throw new NodeBootstrapError(o.nodeName, 'TLS bootstrap', `CSR ${csrName} was signed, but not for ${commonName} by the cluster CA in ${boot.file}`);
          }
          o.log(`CSR ${csrName} approved and signed`);
          const kubeconfigFile = writeIdentity(o.stateDir, boot.server, boot.serverName, boot.caPem, certPem, keyPem);
          rmSync(keyFile, { force: true });
          return { credentials: { caPem: boot.caPem, certPem, keyPem, serverName: boot.serverName }, kubeconfigFile, server: boot.server };
        }
        lastProblem = `CSR ${csrName} not approved yet`;
      } catch (err) {
        if (err instanceof NodeBootstrapError) throw err;
        // 401: the certificate is not from this cluster's CA (or expired); no retry can fix that.
        if (err instanceof KubeApiError && err.status === 401) {
          throw new NodeCredentialRejectedError(o.nodeName, boot.certFile, 401, err.detail);
        }
        // 403 is normal until the addons grant system:bootstrappers its RBAC: the kubelet retries too.
        if (err instanceof KubeApiError && err.status === 403) {
          lastProblem = `403 Forbidden for ${boot.certFile}: ${err.detail}`;
          if (Date.now() + pollMs > deadline) throw new NodeCredentialRejectedError(o.nodeName, boot.certFile, 403, err.detail);
        } else if (!isConflict(err)) {
          lastProblem = errorText(err);
        }
      }
      await sleep(pollMs);
    }
  } finally {
    client.close();
  }
}
