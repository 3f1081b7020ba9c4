/**
 * Errors thrown by @kube-aws/pki. Each names the file that is wrong and says what to do about it.
 *
 * Messages and context fields carry file names and short descriptions only: never key material,
 * never the contents of a file.
 */

/**
 * Thrown by {@link ensureCredentials} when an existing CA certificate and its key do not belong
 * together (the key's public half is not the certificate's). Nothing has been written.
 *
 * Likely causes: one of the two files was copied from another cluster, or restored from a
 * different backup than the other.
 */
export class CaMismatchError extends Error {
  override readonly name = 'CaMismatchError';
  constructor(
    readonly dir: string,
    readonly certFile: string,
    readonly keyFile: string,
  ) {
    super(
      `${dir}/${certFile} and ${dir}/${keyFile} do not belong together: the key is not the ` +
        `certificate's key. Restore the matching pair from a backup, or delete both files to make ` +
        `a new CA (every certificate is then re-issued and every node needs the new ${certFile}).`,
    );
  }
}

/**
 * Thrown by {@link ensureCredentials} when only one half of a CA (certificate or key) exists.
 * A CA is never re-created over a surviving half, so nothing has been written.
 */
export class IncompleteCaError extends Error {
  override readonly name = 'IncompleteCaError';
  constructor(
    readonly dir: string,
    readonly presentFile: string,
    readonly missingFile: string,
  ) {
    super(
      `${dir}/${presentFile} exists but ${dir}/${missingFile} does not. Restore ${missingFile} ` +
        `from a backup, or delete ${presentFile} too to make a new CA (every certificate is then ` +
        `re-issued and every node needs the new CA certificate).`,
    );
  }
}

/**
 * Thrown when a credential file is missing, unreadable or not what it should be: not PEM, the
 * wrong PEM type, a key that is not RSA, or a CA certificate without the CA flag.
 * {@link ensureCredentials} throws it only for CA files (leaves are re-issued instead);
 * {@link readCredentialSet} throws it for any file.
 */
export class CredentialFileError extends Error {
  override readonly name = 'CredentialFileError';
  constructor(
    readonly file: string,
    /** What is wrong, e.g. `missing`, `not a PEM certificate`. */
    readonly problem: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}. ${hint}`, options);
  }
}

/**
 * Thrown by {@link certificateInfo} and {@link verifyIssuedBy} when a string is not a PEM
 * X.509 certificate node-forge can read (forge reads RSA certificates only).
 */
export class CertificateParseError extends Error {
  override readonly name = 'CertificateParseError';
  constructor(
    /** What was being parsed, e.g. `certificate` or `CA certificate`. */
    readonly what: string,
    options?: { cause?: unknown },
  ) {
    super(`The ${what} is not a PEM X.509 certificate with an RSA key; pass the contents of a .pem file.`, options);
  }
}

/**
 * Thrown by {@link ensureCredentials} when writing the credentials directory fails (disk full,
 * permissions). Temporary files are removed; files renamed into place before the failure stay.
 */
export class CredentialWriteError extends Error {
  override readonly name = 'CredentialWriteError';
  constructor(
    readonly dir: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Could not write ${dir}/${file}${reason}. Check the directory's permissions and free space, then run again.`, options);
  }
}

/**
 * The class names of this package's errors that retrying cannot fix; for a Temporal
 * `RetryPolicy.nonRetryableErrorTypes`. {@link CredentialWriteError} is left out on purpose.
 */
export const PKI_NON_RETRYABLE_ERROR_TYPES: readonly string[] = [
  'CaMismatchError',
  'IncompleteCaError',
  'CredentialFileError',
  'CertificateParseError',
];
