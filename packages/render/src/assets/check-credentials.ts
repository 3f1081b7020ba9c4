import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config';
import { certificateInfo, EXPIRY_WARNING_DAYS, planCredentials, readCredentialSet, verifyIssuedBy } from '@kube-aws/pki';
import type { CredentialSet } from '@kube-aws/pki';
import { CREDENTIALS_DIR } from './asset-paths.js';
import type { AssetProblem } from './asset-problem.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks the credentials the nodes and the kubeconfig will use: every leaf chains to its CA, is
 * not expired, and still carries the names the config asks for (a changed externalDNSName needs a
 * new render). Returns problems and near-expiry warnings; never prints key material.
 */
export async function checkCredentials(
  dir: string,
  config: ClusterConfig,
  now: Date,
): Promise<{ problems: AssetProblem[]; warnings: string[]; credentials?: CredentialSet }> {
  let credentials: CredentialSet;
  try {
    credentials = await readCredentialSet(join(dir, CREDENTIALS_DIR));
  } catch (error) {
    return { problems: [{ file: CREDENTIALS_DIR, message: (error as Error).message }], warnings: [] };
  }
  const problems: AssetProblem[] = [];
  const warnings: string[] = [];
  for (const spec of planCredentials(config)) {
    if (spec.kind === 'keypair' || spec.kind === 'secret-key') continue;
    const file = `${CREDENTIALS_DIR}/${spec.name}.pem`;
    const pem = credentials[spec.name].certificatePem;
    const info = certificateInfo(pem);
    if (spec.kind === 'leaf' && !verifyIssuedBy(pem, credentials[spec.issuer].certificatePem)) {
      problems.push({ file, message: `not signed by ${spec.issuer}.pem; run \`kube-aws render\` to re-issue it` });
    }
    if (info.notAfter.getTime() <= now.getTime()) {
      problems.push({ file, message: `expired on ${info.notAfter.toISOString()}; run \`kube-aws render\` to re-issue it` });
    } else if (info.notAfter.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * DAY_MS) {
      warnings.push(`${file} expires on ${info.notAfter.toISOString()} (within ${EXPIRY_WARNING_DAYS} days)`);
    }
    if (spec.kind === 'leaf') {
      const missing = [...spec.sans.dns.filter((n) => !info.sans.dns.includes(n)), ...spec.sans.ips.filter((ip) => !info.sans.ips.includes(ip))];
      if (missing.length > 0) {
        problems.push({ file, message: `lacks subject alternative name(s) ${missing.join(', ')} from cluster.yaml; run \`kube-aws render\` to re-issue it` });
      }
    }
  }
  return { problems, warnings, credentials };
}
