/**
 * The types describing a cluster's credentials: what each one is, who issues it, which files hold
 * it and which nodes receive them. Pure data; {@link planCredentials} fills it in from the config.
 */

/**
 * The certificate authorities. `etcd-ca` is separate so a cluster client cert cannot reach etcd;
 * `front-proxy-ca` is separate so no cluster client cert can assert a user through the
 * aggregation layer's request headers.
 */
export type CaName = 'ca' | 'etcd-ca' | 'front-proxy-ca';

/** Certificates signed by one of the CAs. */
export type LeafName =
  | 'apiserver'
  | 'apiserver-kubelet-client'
  | 'apiserver-etcd-client'
  | 'etcd-server'
  | 'etcd-peer'
  | 'controller-manager'
  | 'scheduler'
  | 'front-proxy-client'
  | 'admin'
  | 'worker';

/** Bare key pairs (no certificate). */
export type KeyPairName = 'service-account';

/** Symmetric keys (no certificate, no public half). */
export type SecretKeyName = 'secrets-encryption';

export type CredentialName = CaName | LeafName | KeyPairName | SecretKeyName;

/** The node roles credentials are shipped to. Anything else stays on the operator's machine. */
export type NodeRole = 'controller' | 'worker';

/** RFC 5280 key usages this package sets. */
export type KeyUsage = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';

/** Extended key usages this package sets. */
export type ExtKeyUsage = 'serverAuth' | 'clientAuth';

/** A certificate subject: the Kubernetes x509 authenticator reads CN as the user, O as the groups. */
export interface Subject {
  readonly commonName: string;
  readonly organization?: string;
}

/** Subject alternative names, in the order they are written into the certificate. */
export interface SubjectAltNames {
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

/** What a credential file holds. `secret-key`: a symmetric key, base64 on one line. */
export type CredentialFileContent = 'certificate' | 'private-key' | 'public-key' | 'secret-key';

/** One file of a credential, and the node roles that receive it (empty: it never leaves the operator). */
export interface CredentialFile {
  /** File name inside the credentials directory, e.g. `ca-key.pem`. */
  readonly file: string;
  readonly content: CredentialFileContent;
  readonly roles: readonly NodeRole[];
}

interface CredentialSpecBase {
  readonly name: CredentialName;
  /** One line: what it is for. */
  readonly purpose: string;
  readonly files: readonly CredentialFile[];
}

/** A self-signed certificate authority. */
export interface CaSpec extends CredentialSpecBase {
  readonly name: CaName;
  readonly kind: 'ca';
  readonly subject: Subject;
  readonly keyUsage: readonly KeyUsage[];
  readonly durationDays: number;
}

/** A certificate issued by one of the CAs. */
export interface LeafSpec extends CredentialSpecBase {
  readonly name: LeafName;
  readonly kind: 'leaf';
  readonly issuer: CaName;
  readonly subject: Subject;
  readonly sans: SubjectAltNames;
  readonly keyUsage: readonly KeyUsage[];
  readonly extKeyUsage: readonly ExtKeyUsage[];
  readonly durationDays: number;
}

/** An RSA key pair without a certificate (the service-account token signing key). */
export interface KeyPairSpec extends CredentialSpecBase {
  readonly name: KeyPairName;
  readonly kind: 'keypair';
}

/**
 * A random symmetric key, stored base64-encoded on one line (the form kube-apiserver's
 * EncryptionConfiguration takes). Like a CA it is never replaced once it exists: data encrypted
 * with it would become unreadable.
 */
export interface SecretKeySpec extends CredentialSpecBase {
  readonly name: SecretKeyName;
  readonly kind: 'secret-key';
  /** Length of the key in bytes (before base64). */
  readonly bytes: number;
}

export type CredentialSpec = CaSpec | LeafSpec | KeyPairSpec | SecretKeySpec;

/** What {@link ensureCredentials} did with one credential. */
export type CredentialAction = 'created' | 'kept' | 'reissued';

export interface CredentialReportEntry {
  readonly name: CredentialName;
  readonly action: CredentialAction;
  /** Why it was re-issued, e.g. `SANs changed: + kube.example.com`. Absent for created/kept. */
  readonly reason?: string;
  /** The credential's file names (all of them, written or not). */
  readonly files: readonly string[];
  /** Certificate expiry; absent for the key pair and the secret key, which do not expire. */
  readonly notAfter?: Date;
}

export interface CredentialsReport {
  /** One entry per credential, in {@link planCredentials} order. */
  readonly entries: readonly CredentialReportEntry[];
  /** Expiring certificates, CA durations that differ from the config, permissions fixed. */
  readonly warnings: readonly string[];
}

/** Options for {@link ensureCredentials}. */
export interface EnsureCredentialsOptions {
  /** The current time; tests set it to simulate the future. Defaults to `new Date()`. */
  readonly now?: Date;
}

/** Facts about a certificate, as {@link certificateInfo} reads them. No key material. */
export interface CertificateInfo {
  readonly subject: Subject;
  readonly issuer: Subject;
  readonly sans: SubjectAltNames;
  readonly keyUsage: readonly KeyUsage[];
  readonly extKeyUsage: readonly ExtKeyUsage[];
  readonly isCa: boolean;
  /** The DER serial bytes as lower-case hex. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 of the DER bytes, colon-separated upper-case hex (as `openssl x509 -fingerprint -sha256`). */
  readonly sha256Fingerprint: string;
  /** e.g. `sha256WithRSAEncryption`. */
  readonly signatureAlgorithm: string;
}
