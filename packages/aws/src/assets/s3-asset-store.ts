/**
 * Assets in S3 (`s3://bucket/prefix`), for workers that do not share the user's disk. Every object
 * is written with SSE-KMS under the cluster's own key (`kmsKeyArn`), and carries its file mode in
 * metadata so key files come back 0600. Offline functions run on a private temporary copy.
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { parseClusterConfig } from '@kube-aws/config';
import { isAwsError } from '../shared/aws-error.js';
import { sha256Hex } from '../shared/digest.js';
import { nonRetryable } from '../shared/failure.js';
import { activitySignal, heartbeat } from '../shared/heartbeat.js';
import type { AssetPath, AssetStore, WorkingCopyOptions } from './asset-store.js';
import { checkAssetPath } from './asset-store.js';
import { writeFileAtomic } from './atomic-write.js';
import { CLUSTER_YAML_PATH } from './cluster-yaml.js';

/** Object metadata holding the file's mode as octal (`600`). */
const MODE_METADATA = 'mode';
const DEFAULT_MODE = 0o600;

export interface S3AssetStoreOptions {
  /** SSE-KMS key for writes; when absent, cluster.yaml's `kmsKeyArn` (init passes it explicitly). */
  readonly kmsKeyArn?: string;
  /** Where working copies are made; the OS temp directory by default. */
  readonly tempRoot?: string;
}

export class S3AssetStore implements AssetStore {
  readonly uri: string;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    /** Empty or ending in `/`. */
    readonly prefix: string,
    private readonly options: S3AssetStoreOptions = {},
  ) {
    this.uri = `s3://${bucket}/${prefix}`;
  }

  async readFile(path: AssetPath): Promise<Uint8Array | undefined> {
    return (await this.get(this.prefix + checkAssetPath(path)))?.bytes;
  }

  async writeFile(path: AssetPath, data: string | Uint8Array, mode: number): Promise<void> {
    const keyArn = await this.keyArn(async () => this.readFile(CLUSTER_YAML_PATH));
    await this.put(checkAssetPath(path), typeof data === 'string' ? new TextEncoder().encode(data) : data, mode, keyArn);
  }

  async withWorkingCopy<T>(fn: (dir: string) => Promise<T>, options: WorkingCopyOptions = {}): Promise<T> {
    const dir = await mkdtemp(join(this.options.tempRoot ?? tmpdir(), 'kube-aws-assets-')); // mkdtemp makes it 0700
    try {
      const before = await this.download(dir);
      const result = await fn(dir);
      if (options.writeBack !== false) await this.upload(dir, before);
      return result;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Copies every object under the prefix into `dir`; returns each file's SHA-256. */
  private async download(dir: string): Promise<Map<AssetPath, string>> {
    const digests = new Map<AssetPath, string>();
    for await (const key of this.listKeys()) {
      const path = key.slice(this.prefix.length);
      if (path === '' || path.endsWith('/')) continue; // "folder" placeholders made by consoles
      const object = await this.get(key);
      if (!object) continue; // deleted between list and get
      await writeFileAtomic(join(dir, checkAssetPath(path)), object.bytes, object.mode);
      digests.set(path, sha256Hex(object.bytes));
      heartbeat({ downloaded: digests.size });
    }
    return digests;
  }

  /** Writes back what `fn` added or changed in the working copy. */
  private async upload(dir: string, before: ReadonlyMap<AssetPath, string>): Promise<void> {
    let keyArn: string | undefined;
    let uploaded = 0;
    for (const file of await listFiles(dir)) {
      const path = relative(dir, file).split(sep).join('/');
      if (/(^|\/)\.[^/]+\.[0-9a-f]{12}\.tmp$/.test(path)) continue; // an interrupted atomic write
      const bytes = new Uint8Array(await readFile(file));
      if (before.get(path) === sha256Hex(bytes)) continue;
      keyArn ??= await this.keyArn(async () => readOptional(join(dir, CLUSTER_YAML_PATH)));
      await this.put(path, bytes, (await stat(file)).mode & 0o777, keyArn);
      heartbeat({ uploaded: ++uploaded });
    }
  }

  private async keyArn(readClusterYaml: () => Promise<Uint8Array | undefined>): Promise<string> {
    if (this.options.kmsKeyArn) return this.options.kmsKeyArn;
    const text = await readClusterYaml();
    const parsed = text === undefined ? undefined : parseClusterConfig(new TextDecoder().decode(text));
    if (parsed?.ok) return parsed.config.kmsKeyArn;
    throw nonRetryable(
      'ConfigInvalid',
      `cannot write to ${this.uri}: objects are encrypted with cluster.yaml's kmsKeyArn, and cluster.yaml there is ${text === undefined ? 'missing' : 'invalid'}`,
    );
  }

  private async *listKeys(): AsyncGenerator<string> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ...(token ? { ContinuationToken: token } : {}) }),
        { abortSignal: activitySignal() },
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async get(key: string): Promise<{ bytes: Uint8Array; mode: number } | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: activitySignal() });
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      const mode = Number.parseInt(object.Metadata?.[MODE_METADATA] ?? '', 8);
      return { bytes, mode: Number.isInteger(mode) && mode > 0 && mode <= 0o777 ? mode : DEFAULT_MODE };
    } catch (error) {
      if (isAwsError(error, 'NoSuchKey', 'NotFound')) return undefined;
      throw error;
    }
  }

  private async put(path: AssetPath, bytes: Uint8Array, mode: number, keyArn: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.prefix + path,
        Body: bytes,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyArn,
        Metadata: { [MODE_METADATA]: mode.toString(8) },
      }),
      { abortSignal: activitySignal() },
    );
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function readOptional(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
