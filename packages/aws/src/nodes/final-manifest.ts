/**
 * The manifest of the final node configs: for each role, the SHA-256 of everything the config was
 * built from, and the SHA-512 of what was written. KMS ciphertext differs on every Encrypt, so a
 * retry that re-encrypted would change the digests the stack's parameters carry; with the
 * manifest an unchanged source gives the same bytes and the same digest on every attempt.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeRole } from '@kube-aws/render';
import { FINAL_MANIFEST_FILE } from './final-config-paths.js';

export const MANIFEST_VERSION = 1;

export interface FinalConfigRecord {
  /** Input name (`userdata/worker.ign`, `credentials/ca.pem`, `kmsKeyArn`, `recipe`) → SHA-256. */
  readonly sources: Readonly<Record<string, string>>;
  readonly sha512: string;
  readonly bytes: number;
}

export interface FinalManifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly roles: Partial<Record<NodeRole, FinalConfigRecord>>;
}

export async function readFinalManifest(dir: string): Promise<FinalManifest> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, FINAL_MANIFEST_FILE), 'utf8')) as Partial<FinalManifest>;
    if (parsed.version === MANIFEST_VERSION && typeof parsed.roles === 'object' && parsed.roles !== null) return parsed as FinalManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  // Missing or from another version: every config is rebuilt, which is always safe.
  return { version: MANIFEST_VERSION, roles: {} };
}

export function sameSources(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
