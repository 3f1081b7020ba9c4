/**
 * Parsing an {@link AssetsUri}: `file:///abs/dir` (the cluster directory) or `s3://bucket/prefix`.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssetsUri } from '../contract.js';
import { nonRetryable } from '../shared/failure.js';

export type ParsedAssetsUri =
  | { readonly kind: 'file'; readonly dir: string }
  /** `prefix` is empty or ends with `/`. */
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string };

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** @throws ApplicationFailure `AssetsMissing` (non-retryable) for any other shape. */
export function parseAssetsUri(uri: AssetsUri): ParsedAssetsUri {
  if (uri.startsWith('file:')) {
    // `file:relative` parses as `/relative` under WHATWG rules; insist on the absolute form.
    if (!uri.startsWith('file:///')) throw invalid(uri);
    let dir: string;
    try {
      dir = fileURLToPath(uri);
    } catch {
      throw invalid(uri);
    }
    if (!isAbsolute(dir)) throw invalid(uri);
    return { kind: 'file', dir };
  }
  const s3 = S3_URI.exec(uri);
  if (s3?.[1] !== undefined) {
    const rest = (s3[2] ?? '').replace(/^\/+|\/+$/g, '');
    if (rest.split('/').some((part) => part === '..' || part === '.')) throw invalid(uri);
    return { kind: 's3', bucket: s3[1], prefix: rest === '' ? '' : `${rest}/` };
  }
  throw invalid(uri);
}

function invalid(uri: string): Error {
  return nonRetryable('AssetsMissing', `assets URI "${uri}" is neither file:///absolute/dir nor s3://bucket/prefix`);
}
