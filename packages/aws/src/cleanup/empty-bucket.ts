/**
 * Empties the assets bucket, every object version and delete marker, so that DeleteStack can
 * remove the bucket (CloudFormation refuses to delete a non-empty one).
 */
import { DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import type { ObjectIdentifier, S3Client } from '@aws-sdk/client-s3';
import { isAwsError } from '../shared/aws-error.js';
import { activitySignal, heartbeat } from '../shared/heartbeat.js';

/** Returns how many versions and delete markers were deleted; 0 when the bucket is gone. */
export async function emptyBucket(s3: S3Client, bucket: string): Promise<number> {
  const signal = { abortSignal: activitySignal() };
  let deleted = 0;
  try {
    // Deleting while listing shifts the listing: list from the start again until nothing is left.
    for (;;) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }), signal);
      const ids: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].flatMap((v) =>
        v.Key ? [{ Key: v.Key, ...(v.VersionId ? { VersionId: v.VersionId } : {}) }] : [],
      );
      if (ids.length === 0) return deleted;
      const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: ids, Quiet: true } }), signal);
      const failed = out.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0];
        throw new Error(`could not delete ${failed.length} object version(s) from s3://${bucket} (first: ${first?.Key ?? '?'}: ${first?.Code ?? ''} ${first?.Message ?? ''})`);
      }
      deleted += ids.length;
      heartbeat({ bucketObjects: deleted });
    }
  } catch (error) {
    if (isAwsError(error, 'NoSuchBucket')) return deleted;
    throw error;
  }
}
