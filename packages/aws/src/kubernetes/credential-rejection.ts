/**
 * Why the API server refused a credential (401), as far as the files tell: the certificate is not
 * signed by the cluster CA the kubeconfig trusts (credentials/ca.pem), it has expired, or it is
 * signed by that CA and so the API server must trust another one. Reads certificates only.
 */
import { certificateInfo, verifyIssuedBy } from '@kube-aws/pki';
import { CredentialRejectedError } from '../errors.js';
import type { ClientCredential, ClusterTarget } from './cluster-access.js';

function diagnosis(credential: ClientCredential, target: ClusterTarget, now: Date): string {
  let info: ReturnType<typeof certificateInfo>;
  let signed: boolean;
  try {
    info = certificateInfo(credential.certPem);
    signed = verifyIssuedBy(credential.certPem, target.caPem);
  } catch {
    return `${credential.certFile} is not a readable certificate`;
  }
  if (!signed) return `it is not signed by the CA the API server trusts (${target.caFile})`;
  if (info.notAfter.getTime() < now.getTime()) return `it expired on ${info.notAfter.toISOString()}`;
  if (info.notBefore.getTime() > now.getTime()) return `it is not valid before ${info.notBefore.toISOString()} (check the clocks)`;
  return `it is signed by ${target.caFile}, so the API server trusts another CA (its --client-ca-file is not ${target.caFile})`;
}

function fix(credential: ClientCredential): string {
  const key = credential.certFile.replace(/\.pem$/, '-key.pem');
  if (credential.file === 'kubeconfig') {
    return `re-render it: move ${credential.certFile} and ${key} aside and run \`kube-aws render\``;
  }
  return `re-render it (move ${credential.certFile} and ${key} aside and run \`kube-aws render\`), then run \`kube-aws up\` so the nodes get it`;
}

/** The 401 as a non-retryable failure naming the file and what it is. */
export function credentialRejected(credential: ClientCredential, target: ClusterTarget, now: Date): CredentialRejectedError {
  const what = credential.file === 'kubeconfig' ? `${credential.what} (${credential.certFile})` : credential.what;
  return new CredentialRejectedError(credential.file, what, `was rejected by the API server (401): ${diagnosis(credential, target, now)}`, fix(credential));
}

/** Authenticated, but not in the group it must be in (the bootstrap credential outside system:bootstrappers). */
export function credentialMisidentified(credential: ClientCredential, username: string, groups: readonly string[]): CredentialRejectedError {
  return new CredentialRejectedError(
    credential.file,
    credential.what,
    `authenticated as ${username} in groups [${groups.join(', ')}], not in ${credential.requiredGroup}: kubelets could not request their node certificates with it`,
    fix(credential),
  );
}
