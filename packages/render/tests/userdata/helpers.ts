/** Shared helpers for the userdata tests: decode files out of an Ignition config. */
import { decodeDataUrl } from '../../src/userdata/data-url.js';
import type { IgnitionConfig } from '../../src/userdata/ignition-types.js';

/** Decoded text of the file at `path`; throws if absent or not inline. */
export function fileText(ign: IgnitionConfig, path: string): string {
  const file = ign.storage?.files?.find((f) => f.path === path);
  if (file?.contents?.source === undefined) throw new Error(`no inline file ${path}`);
  return Buffer.from(decodeDataUrl(file.contents.source, file.contents.compression)).toString('utf8');
}

/** Every inline file's decoded bytes, by path. */
export function decodedFiles(ign: IgnitionConfig): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of ign.storage?.files ?? []) {
    const source = f.contents?.source;
    if (source?.startsWith('data:') === true) out.set(f.path, Buffer.from(decodeDataUrl(source, f.contents?.compression)));
  }
  return out;
}

/** A PEM-looking fake asset (no real key material is needed to test the plumbing). */
export function fakePem(name: string): Uint8Array {
  const kind = name.endsWith('-key.pem') ? 'RSA PRIVATE KEY' : name.endsWith('.pub') ? 'PUBLIC KEY' : 'CERTIFICATE';
  const body = Buffer.from(`${name} `.repeat(60)).toString('base64').replace(/(.{64})/g, '$1\n');
  return new Uint8Array(Buffer.from(`-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`));
}
