/**
 * The S3 client of `s3://` asset stores. The store is read before cluster.yaml (and so the
 * cluster's region) is known, so this client starts from the SDK's own region and follows S3's
 * region redirects to wherever the bucket is. Otherwise configured like every other client
 * (standard settings only; path style only behind an endpoint override).
 */
import { S3Client } from '@aws-sdk/client-s3';

export function createAssetsS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  return new S3Client({
    maxAttempts: 2,
    followRegionRedirects: true,
    forcePathStyle: Boolean(env['AWS_ENDPOINT_URL'] ?? env['AWS_ENDPOINT_URL_S3']),
    // Without any configured region the SDK refuses to start; redirects correct this guess.
    ...(region ? {} : { region: 'us-east-1' }),
  });
}
