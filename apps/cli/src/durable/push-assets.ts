/**
 * `--assets-uri s3://…`: copies the cluster directory's kube-aws files to S3 before a workflow
 * starts, so a worker on another machine reads what the user has here. Objects are written the way
 * the worker's S3 asset store writes them (SSE-KMS under the cluster's `kmsKeyArn`, the file mode
 * in `mode` metadata) plus a `sha256` so an unchanged file is not sent again. One way only: what a
 * workflow writes there (a provision's render) is not copied back.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { createAwsClients } from '@kube-aws/aws';
import { CLUSTER_YAML } from '@kube-aws/config/node';
import { CREDENTIALS_DIR, KUBECONFIG_FILE, RENDER_STATE_FILE, STACK_TEMPLATE_FILE, USERDATA_DIR } from '@kube-aws/render';

/** What kube-aws owns in the directory; anything else the user keeps there stays local. */
const OWNED = [CLUSTER_YAML, CREDENTIALS_DIR, USERDATA_DIR, STACK_TEMPLATE_FILE, KUBECONFIG_FILE, RENDER_STATE_FILE.split('/')[0] as string];

export interface PushTarget {
  readonly bucket: string;
  /** Empty or ending in `/`. */
  readonly prefix: string;
  readonly region: string;
  readonly kmsKeyArn: string;
}

export interface PushReport {
  readonly uploaded: readonly string[];
  readonly unchanged: number;
}

async function ownedFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const name of OWNED) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) files.push(path);
    if (info?.isDirectory()) {
      for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
      }
    }
  }
  return files.sort();
}

async function remoteSha256(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).Metadata?.['sha256'];
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}

export async function pushAssetsToS3(dir: string, target: PushTarget, s3: S3Client = createAwsClients({ region: target.region }).s3): Promise<PushReport> {
  const uploaded: string[] = [];
  let unchanged = 0;
  for (const file of await ownedFiles(dir)) {
    const path = relative(dir, file).split(sep).join('/');
    const key = target.prefix + path;
    const bytes = await readFile(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if ((await remoteSha256(s3, target.bucket, key)) === sha256) {
      unchanged++;
      continue;
    }
    const mode = (await stat(file)).mode & 0o777;
    await s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: bytes,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: target.kmsKeyArn,
        Metadata: { mode: mode.toString(8), sha256 },
      }),
    );
    uploaded.push(path);
  }
  return { uploaded, unchanged };
}
