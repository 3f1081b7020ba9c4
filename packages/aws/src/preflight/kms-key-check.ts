import { resolveAccount } from '../identity/resolve-account.js';
import { aliasNote, resolveKmsKey } from '../kms/resolve-kms-key.js';
import type { CheckResult, PreflightContext } from './preflight-context.js';

/**
 * cluster.yaml's `kmsKeyArn` resolves (DescribeKey) to an enabled, symmetric ENCRYPT_DECRYPT key in
 * the cluster's region and account. The check carries the resolved key ARN, which `up` passes to
 * the stack as `KmsKeyArn` (an alias ARN authorises nothing in the nodes' IAM policies), and, for
 * an alias, a note saying what it resolved to.
 */
export async function checkKmsKey({ config, clients }: PreflightContext): Promise<CheckResult> {
  const { account } = await resolveAccount(clients.sts, config.region);
  const resolved = await resolveKmsKey(clients.kms, config.kmsKeyArn, { region: config.region, account });
  if (!resolved.ok) return { name: 'kms-key', ok: false, detail: resolved.problem };
  return {
    name: 'kms-key',
    ok: true,
    detail: resolved.detail,
    keyArn: resolved.keyArn,
    ...(resolved.viaAlias ? { note: aliasNote(config.kmsKeyArn, resolved.keyArn) } : {}),
  };
}
