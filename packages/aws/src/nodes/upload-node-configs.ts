/**
 * `uploadNodeConfigs`: the final node configs into the stack's assets bucket, where each node's
 * Ignition stub fetches its own (verified against the SHA-512 in the stack's parameters).
 */
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { ignitionSha512, NODE_CONFIG_KEYS } from '@kube-aws/render';
import type { UploadNodeConfigsInput, UploadNodeConfigsResult } from '../contract.js';
import type { AssetStore } from '../assets/asset-store.js';
import { isAwsError } from '../shared/aws-error.js';
import { nonRetryable } from '../shared/failure.js';
import { activitySignal, heartbeat } from '../shared/heartbeat.js';
import { NODE_ROLES } from './final-config-paths.js';

/** Object metadata with the hex SHA-512 of the body, to skip an upload that is already done. */
export const SHA512_METADATA = 'sha512';

async function uploadedDigest(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: activitySignal() });
    return head.Metadata?.[SHA512_METADATA];
  } catch (error) {
    if (isAwsError(error, 'NotFound', 'NoSuchKey')) return undefined;
    throw error;
  }
}

/**
 * Puts each role's config at its {@link NODE_CONFIG_KEYS} key with SSE-KMS under the cluster's
 * key and the bucket's S3 Bucket Key; skips a key already holding the same digest. The bytes must hash to the digest
 * `prepareNodeConfigs` returned: anything else means the file changed between the two steps.
 * @throws ApplicationFailure `AssetsMissing` (no final config) or `AssetsInvalid` (digest mismatch).
 */
export async function uploadNodeConfigs(
  store: AssetStore,
  s3: S3Client,
  kmsKeyArn: string,
  input: UploadNodeConfigsInput,
): Promise<UploadNodeConfigsResult> {
  const keys: string[] = [];
  let skipped = 0;
  for (const role of NODE_ROLES) {
    const expected = input.digests[role];
    const bytes = await store.readFile(expected.path);
    if (bytes === undefined) {
      throw nonRetryable('AssetsMissing', `${expected.path} is missing from ${store.uri}; the node configs must be prepared again (run up again)`);
    }
    const actual = ignitionSha512(bytes);
    if (actual !== expected.sha512) {
      throw nonRetryable(
        'AssetsInvalid',
        `${expected.path} has SHA-512 ${actual.slice(0, 16)}…, not the ${expected.sha512.slice(0, 16)}… it was prepared with: ` +
          'it changed between preparing and uploading; run up again',
      );
    }
    const key = NODE_CONFIG_KEYS[role];
    keys.push(key);
    if ((await uploadedDigest(s3, input.bucket, key)) === actual) {
      skipped += 1;
      continue;
    }
    await s3.send(
      new PutObjectCommand({
        Bucket: input.bucket,
        Key: key,
        Body: bytes,
        ContentType: 'application/json',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: kmsKeyArn,
        // Under the bucket's S3 Bucket Key, S3's encryption context is the bucket ARN: the one
        // context the node roles' kms:Decrypt for Ignition's fetch admits. Asked for explicitly
        // so the object does not depend on the bucket's default.
        BucketKeyEnabled: true,
        Metadata: { [SHA512_METADATA]: actual },
      }),
      { abortSignal: activitySignal() },
    );
    heartbeat({ uploaded: key });
  }
  return { keys, skipped };
}
