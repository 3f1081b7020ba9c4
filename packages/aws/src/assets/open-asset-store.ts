import type { S3Client } from '@aws-sdk/client-s3';
import type { AssetsUri } from '../contract.js';
import type { AssetStore } from './asset-store.js';
import { parseAssetsUri } from './assets-uri.js';
import { FileAssetStore } from './file-asset-store.js';
import { S3AssetStore } from './s3-asset-store.js';

export interface AssetStoreDeps {
  /** The S3 client for `s3://` stores (made on first use: directory stores never need one). */
  readonly s3: () => S3Client;
  /** Where S3 working copies are made; the OS temp directory by default. */
  readonly tempRoot?: string;
}

/** Opens the store an assets URI names; `kmsKeyArn` overrides cluster.yaml's for S3 writes (init). */
export function openAssetStore(uri: AssetsUri, deps: AssetStoreDeps, kmsKeyArn?: string): AssetStore {
  const parsed = parseAssetsUri(uri);
  if (parsed.kind === 'file') return new FileAssetStore(parsed.dir);
  return new S3AssetStore(deps.s3(), parsed.bucket, parsed.prefix, {
    ...(kmsKeyArn ? { kmsKeyArn } : {}),
    ...(deps.tempRoot ? { tempRoot: deps.tempRoot } : {}),
  });
}
