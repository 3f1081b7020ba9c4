/**
 * Data URLs for Ignition file contents: plain (percent-encoded, readable when a user edits the
 * config) or gzip + base64 (for the big addon manifests and for ciphertext).
 */
import { gunzipSync, gzipSync } from 'node:zlib';

import type { IgnitionResource } from './ignition-types.js';

/** Files at least this big are gzip-compressed in the editable source. */
export const GZIP_THRESHOLD_BYTES = 4096;

/** `data:,<percent-encoded>`: what Butane emits for small text files. */
export function plainDataUrl(text: string): string {
  return `data:,${encodeURIComponent(text)}`;
}

/** `data:;base64,<b64>` of raw bytes. */
export function base64DataUrl(bytes: Uint8Array): string {
  return `data:;base64,${Buffer.from(bytes).toString('base64')}`;
}

/**
 * Contents for a text file. Big files are gzipped (level 9; Node writes mtime 0, so the output is
 * byte-stable for a given zlib) to keep the full config compact.
 */
export function textContents(text: string, opts: { readonly gzip?: boolean } = {}): IgnitionResource {
  const compress = opts.gzip ?? Buffer.byteLength(text, 'utf8') >= GZIP_THRESHOLD_BYTES;
  if (!compress) return { source: plainDataUrl(text) };
  return { compression: 'gzip', source: base64DataUrl(gzipSync(Buffer.from(text, 'utf8'), { level: 9 })) };
}

/** Thrown by {@link decodeDataUrl} with a reason; validation turns it into a problem. */
export class DataUrlDecodeFailure extends Error {
  override readonly name = 'DataUrlDecodeFailure';
}

/** Decodes an RFC 2397 data URL to bytes (then gunzips when `compression` is gzip). */
export function decodeDataUrl(source: string, compression?: string | null): Uint8Array {
  if (!source.startsWith('data:')) throw new DataUrlDecodeFailure('not a data: URL');
  const comma = source.indexOf(',');
  if (comma < 0) throw new DataUrlDecodeFailure('data URL has no "," separating the media type from the data');
  const meta = source.slice(5, comma);
  const payload = source.slice(comma + 1);
  let bytes: Buffer;
  if (meta.split(';').includes('base64')) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) throw new DataUrlDecodeFailure('invalid base64 payload');
    bytes = Buffer.from(payload, 'base64');
  } else {
    try {
      bytes = Buffer.from(decodeURIComponent(payload), 'utf8');
    } catch {
      throw new DataUrlDecodeFailure('invalid percent-encoding');
    }
  }
  if (compression === 'gzip') {
    try {
      return gunzipSync(bytes);
    } catch {
      throw new DataUrlDecodeFailure('compression is gzip but the data is not valid gzip');
    }
  }
  if (compression !== undefined && compression !== null && compression !== '') {
    throw new DataUrlDecodeFailure(`unsupported compression "${compression}"`);
  }
  return bytes;
}
