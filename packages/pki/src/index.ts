/**
 * @kube-aws/pki: the cluster's TLS credentials.
 *
 * Owns the credential plan ({@link planCredentials}: three CAs, the control-plane, etcd and
 * front-proxy certificates, the admin and worker-bootstrap client certificates, the service-account
 * key pair, the key kube-apiserver encrypts Secrets at rest with),
 * the idempotent {@link ensureCredentials} that keeps a `credentials/` directory in line with it,
 * and the helpers other layers use to read and inspect the result ({@link readCredentialSet},
 * {@link readRoleFiles}, {@link certificateInfo}, {@link verifyIssuedBy},
 * {@link CREDENTIAL_FILES_FOR_ROLE}).
 *
 * Certificates are built with node-forge; keys are generated with Node's native crypto.
 *
 * Node-only (file I/O, crypto): workflow code may import this package's *types* only. Key material
 * (anything from {@link readCredentialSet} / {@link readRoleFiles}) must never appear in an error
 * message, a log line, an activity input/output or a heartbeat; this package's errors and reports
 * carry file names and facts, never key bytes.
 */
export { ensureCredentials, EXPIRY_WARNING_DAYS } from './ensure.js';
export {
  CaMismatchError,
  CertificateParseError,
  CredentialFileError,
  CredentialWriteError,
  IncompleteCaError,
  PKI_NON_RETRYABLE_ERROR_TYPES,
} from './errors.js';
export { DIR_MODE, KEY_FILE_MODE, PUBLIC_FILE_MODE } from './files.js';
export { certificateInfo, verifyIssuedBy } from './inspect.js';
export { RSA_KEY_BITS } from './keys.js';
export type {
  CaName,
  CaSpec,
  CertificateInfo,
  CredentialAction,
  CredentialFile,
  CredentialFileContent,
  CredentialName,
  CredentialReportEntry,
  CredentialsReport,
  CredentialSpec,
  EnsureCredentialsOptions,
  ExtKeyUsage,
  KeyPairName,
  KeyPairSpec,
  KeyUsage,
  LeafName,
  LeafSpec,
  NodeRole,
  SecretKeyName,
  SecretKeySpec,
  Subject,
  SubjectAltNames,
} from './model.js';
export {
  FRONT_PROXY_CLIENT_NAME,
  SECRETS_ENCRYPTION_KEY_BYTES,
  SECRETS_ENCRYPTION_KEY_FILE,
  planCredentials,
  type PkiConfig,
} from './plan.js';
export {
  readCredentialSet,
  readRoleFiles,
  type CertificateAndKeyPems,
  type CredentialSet,
  type KeyPairPems,
  type SecretKeyText,
} from './read.js';
export { CREDENTIAL_FILES_FOR_ROLE, credentialFilesForRole } from './roles.js';
