/**
 * The credential plan: every CA, certificate and key pair a cluster needs, with the files that
 * hold them and the nodes those files go to. The config only supplies SANs and durations.
 */
import type { ClusterConfig } from '@kube-aws/config';

import type {
  CaSpec,
  CredentialFile,
  CredentialSpec,
  ExtKeyUsage,
  KeyPairSpec,
  KeyUsage,
  LeafName,
  LeafSpec,
  NodeRole,
  SecretKeySpec,
} from './model.js';

/** The config fields this package reads; a smaller surface for callers and tests. */
export type PkiConfig = Pick<
  ClusterConfig,
  'externalDNSName' | 'controllerIP' | 'kubernetesServiceIP' | 'tlsCADurationDays' | 'tlsCertDurationDays'
>;

const CA_KEY_USAGE: readonly KeyUsage[] = ['digitalSignature', 'keyCertSign', 'cRLSign'];
const LEAF_KEY_USAGE: readonly KeyUsage[] = ['digitalSignature', 'keyEncipherment'];
const BOTH: readonly NodeRole[] = ['controller', 'worker'];
const CONTROLLER: readonly NodeRole[] = ['controller'];
const NOBODY: readonly NodeRole[] = [];

/** The file of the key kube-apiserver encrypts Secrets in etcd with (base64 of 32 random bytes). */
export const SECRETS_ENCRYPTION_KEY_FILE = 'secrets-encryption-key.b64';
/** secretbox (XSalsa20-Poly1305), the provider that key is for, takes exactly 32 bytes. */
export const SECRETS_ENCRYPTION_KEY_BYTES = 32;
/** The only name kube-apiserver accepts from the aggregation proxy (`--requestheader-allowed-names`). */
export const FRONT_PROXY_CLIENT_NAME = 'front-proxy-client';

/** The `<name>.pem` + `<name>-key.pem` pair of a certificate credential. */
function certFiles(name: string, certRoles: readonly NodeRole[], keyRoles: readonly NodeRole[]): CredentialFile[] {
  return [
    { file: `${name}.pem`, content: 'certificate', roles: certRoles },
    { file: `${name}-key.pem`, content: 'private-key', roles: keyRoles },
  ];
}

function leaf(
  name: LeafName,
  purpose: string,
  fields: Pick<LeafSpec, 'issuer' | 'subject' | 'extKeyUsage'> & { sans?: LeafSpec['sans']; roles: readonly NodeRole[] },
  durationDays: number,
): LeafSpec {
  return {
    name,
    kind: 'leaf',
    purpose,
    issuer: fields.issuer,
    subject: fields.subject,
    sans: fields.sans ?? { dns: [], ips: [] },
    keyUsage: LEAF_KEY_USAGE,
    extKeyUsage: fields.extKeyUsage,
    durationDays,
    files: certFiles(name, fields.roles, fields.roles),
  };
}

/**
 * Every credential of a cluster, CAs first (issuers precede what they issue), then the leaves, the
 * service-account key pair and the secrets-encryption key, in a fixed order.
 * Pure: the same config gives the same plan.
 */
export function planCredentials(config: PkiConfig): CredentialSpec[] {
  const days = config.tlsCertDurationDays;
  const serverClient: readonly ExtKeyUsage[] = ['serverAuth', 'clientAuth'];
  const client: readonly ExtKeyUsage[] = ['clientAuth'];
  // etcd listens on the controller's address for the apiserver and on loopback for its own probes.
  const etcdSans = { dns: ['localhost'], ips: uniq([config.controllerIP, '127.0.0.1']) };

  const ca: CaSpec = {
    name: 'ca',
    kind: 'ca',
    purpose: 'cluster CA: trusted by every component; its key lets kube-controller-manager sign node CSRs',
    subject: { commonName: 'kube-ca', organization: 'kube-aws' },
    keyUsage: CA_KEY_USAGE,
    durationDays: config.tlsCADurationDays,
    files: certFiles('ca', BOTH, CONTROLLER),
  };
  const etcdCa: CaSpec = {
    name: 'etcd-ca',
    kind: 'ca',
    purpose: 'etcd CA: separate, so no cluster client certificate is accepted by etcd',
    subject: { commonName: 'kube-etcd-ca', organization: 'kube-aws' },
    keyUsage: CA_KEY_USAGE,
    durationDays: config.tlsCADurationDays,
    // Only etcd-ca.pem travels; its key stays with the operator, who issues every etcd certificate.
    files: certFiles('etcd-ca', CONTROLLER, NOBODY),
  };
  const frontProxyCa: CaSpec = {
    name: 'front-proxy-ca',
    kind: 'ca',
    purpose: 'front-proxy CA: kube-apiserver trusts it only to identify its own aggregation proxy (requestheader)',
    subject: { commonName: 'kube-front-proxy-ca', organization: 'kube-aws' },
    keyUsage: CA_KEY_USAGE,
    durationDays: config.tlsCADurationDays,
    // A request carrying this CA's client cert may name any user in its headers, so the key stays
    // with the operator (as etcd-ca-key.pem does) and the cluster CA is not reused for it: the
    // controller holds ca-key.pem to sign kubelet CSRs, and a CSR could ask for any name.
    files: certFiles('front-proxy-ca', CONTROLLER, NOBODY),
  };
  const serviceAccount: KeyPairSpec = {
    name: 'service-account',
    kind: 'keypair',
    purpose: 'signs (apiserver, controller-manager) and verifies (apiserver) service-account tokens',
    files: [
      { file: 'service-account-key.pem', content: 'private-key', roles: CONTROLLER },
      { file: 'service-account.pub', content: 'public-key', roles: CONTROLLER },
    ],
  };

  const secretsEncryption: SecretKeySpec = {
    name: 'secrets-encryption',
    kind: 'secret-key',
    purpose: 'kube-apiserver encrypts Secrets in etcd with it (secretbox); losing it loses every Secret',
    bytes: SECRETS_ENCRYPTION_KEY_BYTES,
    files: [{ file: SECRETS_ENCRYPTION_KEY_FILE, content: 'secret-key', roles: CONTROLLER }],
  };

  return [
    ca,
    etcdCa,
    frontProxyCa,
    leaf('apiserver', 'kube-apiserver serving certificate', {
      issuer: 'ca',
      subject: { commonName: 'kube-apiserver' },
      extKeyUsage: ['serverAuth'],
      sans: {
        dns: uniq([
          'kubernetes',
          'kubernetes.default',
          'kubernetes.default.svc',
          'kubernetes.default.svc.cluster.local',
          config.externalDNSName,
        ]),
        // 127.0.0.1: the controller's static pods and the loopback sandbox reach it locally.
        ips: uniq([config.kubernetesServiceIP, config.controllerIP, '127.0.0.1']),
      },
      roles: CONTROLLER,
    }, days),
    leaf('apiserver-kubelet-client', 'kube-apiserver → kubelet client (RBAC: system:kubelet-api-admin)', {
      issuer: 'ca',
      subject: { commonName: 'kube-apiserver-kubelet-client' },
      extKeyUsage: client,
      roles: CONTROLLER,
    }, days),
    leaf('apiserver-etcd-client', 'kube-apiserver → etcd client', {
      issuer: 'etcd-ca',
      subject: { commonName: 'kube-apiserver-etcd-client' },
      extKeyUsage: client,
      roles: CONTROLLER,
    }, days),
    leaf('etcd-server', 'etcd client-facing serving certificate', {
      issuer: 'etcd-ca',
      subject: { commonName: 'kube-etcd' },
      extKeyUsage: serverClient,
      sans: etcdSans,
      roles: CONTROLLER,
    }, days),
    leaf('etcd-peer', 'etcd peer certificate (serves and dials other members)', {
      issuer: 'etcd-ca',
      subject: { commonName: 'kube-etcd-peer' },
      extKeyUsage: serverClient,
      sans: etcdSans,
      roles: CONTROLLER,
    }, days),
    leaf('controller-manager', 'kube-controller-manager → apiserver client', {
      issuer: 'ca',
      subject: { commonName: 'system:kube-controller-manager' },
      extKeyUsage: client,
      roles: CONTROLLER,
    }, days),
    leaf('scheduler', 'kube-scheduler → apiserver client', {
      issuer: 'ca',
      subject: { commonName: 'system:kube-scheduler' },
      extKeyUsage: client,
      roles: CONTROLLER,
    }, days),
    leaf('front-proxy-client', 'kube-apiserver → aggregated API servers (metrics-server …): vouches for the user in request headers', {
      issuer: 'front-proxy-ca',
      subject: { commonName: FRONT_PROXY_CLIENT_NAME },
      extKeyUsage: client,
      roles: CONTROLLER,
    }, days),
    leaf('admin', 'cluster administrator (kubeconfig); never shipped to a node', {
      issuer: 'ca',
      subject: { commonName: 'kube-admin', organization: 'system:masters' },
      extKeyUsage: client,
      roles: NOBODY,
    }, days),
    leaf('worker', 'kubelet bootstrap credential: may only create node CSRs; each node then gets system:node:<name>', {
      issuer: 'ca',
      subject: { commonName: 'system:bootstrap:kube-aws-worker', organization: 'system:bootstrappers' },
      extKeyUsage: client,
      // The controller's kubelet joins through the same bootstrap as the workers.
      roles: BOTH,
    }, days),
    serviceAccount,
    secretsEncryption,
  ];
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

// Only SANs and durations depend on the config; these values just satisfy the type.
const LAYOUT_ONLY: PkiConfig = {
  externalDNSName: 'layout.invalid',
  controllerIP: '127.0.0.1',
  kubernetesServiceIP: '127.0.0.1',
  tlsCADurationDays: 1,
  tlsCertDurationDays: 1,
};

/**
 * The plan's names, kinds and files without a config (SANs and durations are placeholders): for
 * code that only needs to know which files exist and where they go.
 */
export function credentialLayout(): CredentialSpec[] {
  return planCredentials(LAYOUT_ONLY);
}
