/**
 * {@link resolveKmsKey}: cluster.yaml's `kmsKeyArn` (a key ARN or an alias ARN) to the key ARN the
 * stack's IAM policies and bucket encryption need, with `kms:DescribeKey`. An alias ARN in an IAM
 * `Resource` authorises no key operation, so the template takes the resolved ARN as its
 * `KmsKeyArn` parameter. The key must also be usable by the nodes: in the cluster's region and
 * account, enabled, and a symmetric encryption key.
 */
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import type { KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import { KMS_KEY_ARN_PARAMETER_PATTERN } from '@kube-aws/render';
import { isAwsError } from '../shared/aws-error.js';
import { activitySignal } from '../shared/heartbeat.js';

/** Where the key must be: the cluster's region and the account kube-aws deploys into. */
export interface KmsKeyExpectations {
  readonly region: string;
  readonly account: string;
}

export type KmsKeyResolution =
  | {
      readonly ok: true;
      /** `arn:…:key/<id>`. */
      readonly keyArn: string;
      /** The configured value named an alias (it resolved to {@link keyArn}). */
      readonly viaAlias: boolean;
      readonly detail: string;
    }
  | { readonly ok: false; readonly problem: string };

/** `arn:aws:kms:us-west-1:123456789012:alias/x` → `alias/x`; a key ARN as it is. */
export function kmsKeyName(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.startsWith('alias/') ? resource : arn;
}

function isAliasArn(arn: string): boolean {
  return kmsKeyName(arn).startsWith('alias/');
}

/** Why a key in `state` cannot be used now, and what to do about it. */
function stateProblem(meta: KeyMetadata, keyArn: string, region: string): string | undefined {
  const state = meta.KeyState ?? 'unknown';
  const id = `--key-id ${keyArn} --region ${region}`;
  switch (state) {
    case 'Enabled':
      return undefined;
    case 'Disabled':
      return `is disabled: enable it (aws kms enable-key ${id}) or set kmsKeyArn to another key`;
    case 'PendingDeletion':
    case 'PendingReplicaDeletion': {
      const when = meta.DeletionDate ? ` on ${meta.DeletionDate.toISOString().slice(0, 10)}` : '';
      return `is scheduled for deletion${when} (${state}): cancel it (aws kms cancel-key-deletion ${id}, then aws kms enable-key ${id}) or set kmsKeyArn to another key`;
    }
    case 'PendingImport':
      return 'has no key material yet (PendingImport): import it (aws kms import-key-material) or set kmsKeyArn to another key';
    case 'Unavailable':
      return 'is unavailable (its custom key store is disconnected): reconnect the key store or set kmsKeyArn to another key';
    default:
      return `is ${state}, not Enabled: wait until it is enabled, or set kmsKeyArn to another key`;
  }
}

/** What else about the key stops the nodes from using it: type, region, account. */
function keyProblems(meta: KeyMetadata, keyArn: string, expected: KmsKeyExpectations): string[] {
  const problems: string[] = [];
  const state = stateProblem(meta, keyArn, expected.region);
  if (state !== undefined) problems.push(state);
  // AWS always answers both; an emulator may leave them out, and CreateKey's defaults are these.
  const spec = meta.KeySpec ?? meta.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const usage = meta.KeyUsage ?? 'ENCRYPT_DECRYPT';
  if (spec !== 'SYMMETRIC_DEFAULT' || usage !== 'ENCRYPT_DECRYPT') {
    problems.push(
      `is a ${spec} key for ${usage}, but kube-aws encrypts the TLS assets and the assets bucket with it, which needs a symmetric encryption key ` +
        `(KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT): create one (aws kms create-key --region ${expected.region}) and set kmsKeyArn to it`,
    );
  }
  const [, , , region, account] = keyArn.split(':');
  if (region !== expected.region) {
    problems.push(`is in ${region ?? 'another region'}, but the cluster is in ${expected.region}: the nodes decrypt in their own region, so use a key of ${expected.region}`);
  }
  if (account !== expected.account) {
    problems.push(`belongs to account ${account ?? 'unknown'}, but the cluster is deployed into ${expected.account}: use a key of ${expected.account}`);
  }
  return problems;
}

/**
 * Resolves `configured` (cluster.yaml's `kmsKeyArn`) with DescribeKey and checks the key. A key
 * that does not exist, cannot be described, or cannot serve the nodes is a `problem` (with what to
 * fix); throttling, network and other AWS faults are thrown for the caller to classify.
 */
export async function resolveKmsKey(kms: KMSClient, configured: string, expected: KmsKeyExpectations): Promise<KmsKeyResolution> {
  const subject = `kmsKeyArn ${configured}`;
  let meta: KeyMetadata | undefined;
  try {
    meta = (await kms.send(new DescribeKeyCommand({ KeyId: configured }), { abortSignal: activitySignal() })).KeyMetadata;
  } catch (error) {
    if (isAwsError(error, 'NotFoundException')) {
      return {
        ok: false,
        problem:
          `${subject} (cluster.yaml) does not exist in ${expected.region}: create the ${isAliasArn(configured) ? 'alias' : 'key'} ` +
          `(aws kms create-key --region ${expected.region}${isAliasArn(configured) ? `; aws kms create-alias --alias-name ${kmsKeyName(configured)} --target-key-id <key id>` : ''}) ` +
          'or set kmsKeyArn to an existing key',
      };
    }
    if (isAwsError(error, 'AccessDeniedException')) {
      return {
        ok: false,
        problem:
          `${subject} (cluster.yaml): the credentials kube-aws runs with may not describe the key (kms:DescribeKey denied): ` +
          'allow kms:DescribeKey and kms:Encrypt on it, in the key policy or their IAM policy',
      };
    }
    if (isAwsError(error, 'InvalidArnException', 'ValidationException')) {
      return { ok: false, problem: `${subject} (cluster.yaml) is not a KMS key or alias ARN KMS accepts: ${(error as Error).message}` };
    }
    throw error;
  }
  const keyArn = meta?.Arn;
  if (meta === undefined || keyArn === undefined || !new RegExp(KMS_KEY_ARN_PARAMETER_PATTERN).test(keyArn)) {
    return { ok: false, problem: `${subject} (cluster.yaml): KMS DescribeKey returned no key ARN for it; set kmsKeyArn to the key's ARN` };
  }
  const viaAlias = isAliasArn(configured);
  const problems = keyProblems(meta, keyArn, expected);
  const named = viaAlias ? `${subject}, which resolves to key ${keyArn},` : `${subject} (cluster.yaml)`;
  if (problems.length > 0) return { ok: false, problem: `${named} ${problems.join('; it also ')}` };
  return {
    ok: true,
    keyArn,
    viaAlias,
    detail: `${viaAlias ? `${kmsKeyName(configured)} resolves to ${keyArn}, an` : `${keyArn}: an`} enabled symmetric ENCRYPT_DECRYPT key of ${expected.account} in ${expected.region}`,
  };
}

/** The note `validate` and `up` print when kmsKeyArn is an alias: `kmsKeyArn alias/x resolves to arn:…:key/…`. */
export function aliasNote(configured: string, keyArn: string): string {
  return `kmsKeyArn ${kmsKeyName(configured)} resolves to ${keyArn}`;
}
