/**
 * The assets URI a workflow gets. By default `file://` + the cluster directory: the worker runs on
 * this machine and reads the same files. `--assets-uri s3://bucket/prefix` (or KUBE_AWS_ASSETS_URI)
 * serves workers elsewhere: the CLI first pushes the directory's kube-aws files there (see
 * {@link pushAssetsToS3}). A `file://` URI may also be given, for a worker that mounts the
 * directory under another path.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssetsUriError } from '../errors.js';

export type AssetsLocation =
  | { readonly kind: 'file'; readonly uri: string }
  | { readonly kind: 's3'; readonly uri: string; readonly bucket: string; readonly prefix: string };

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

export function resolveAssetsLocation(dir: string, flag: string | undefined, env: NodeJS.ProcessEnv): AssetsLocation {
  const given = flag ?? env['KUBE_AWS_ASSETS_URI'];
  if (given === undefined || given === '') return { kind: 'file', uri: pathToFileURL(resolve(dir)).href };
  if (given.startsWith('file:///')) return { kind: 'file', uri: given };
  const s3 = S3_URI.exec(given);
  if (!s3) throw new AssetsUriError(given, 'use s3://bucket/prefix (or file:///absolute/dir)');
  const bucket = s3[1] as string;
  // The asset stores expect an empty prefix or one ending in "/".
  const raw = s3[2] ?? '';
  const prefix = raw === '' || raw.endsWith('/') ? raw : `${raw}/`;
  return { kind: 's3', uri: `s3://${bucket}/${prefix}`, bucket, prefix };
}
