/**
 * Test helpers: temp directories, a pristine credentials directory made once per test file and
 * copied per test, byte-for-byte snapshots, and the real `openssl` binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { seedClusterConfig } from '@kube-aws/config/testing';

import { ensureCredentials } from '../src/index.js';

export const OPENSSL = '/usr/bin/openssl';

/** A fresh temp directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'kube-aws-pki-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Makes a complete credentials directory from the seed config (the expensive part, ~1 s). */
export async function makePristine(): Promise<{ root: string; dir: string }> {
  const root = await tempDir();
  const dir = join(root, 'credentials');
  await ensureCredentials(dir, seedClusterConfig());
  return { root, dir };
}

/** Copies a credentials directory (modes included) into a new temp dir. */
export async function copyOf(dir: string): Promise<{ root: string; dir: string }> {
  const root = await tempDir();
  const copy = join(root, 'credentials');
  await cp(dir, copy, { recursive: true, preserveTimestamps: true });
  return { root, dir: copy };
}

/** Every file's bytes and mode, by name: to prove a directory was left untouched. */
export async function snapshot(dir: string): Promise<Record<string, { bytes: string; mode: number }>> {
  const out: Record<string, { bytes: string; mode: number }> = {};
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    out[name] = { bytes: (await readFile(path)).toString('base64'), mode: (await stat(path)).mode & 0o777 };
  }
  return out;
}

export async function readText(dir: string, file: string): Promise<string> {
  return readFile(join(dir, file), 'utf8');
}

/** Runs the real openssl; a missing binary fails the test with how to install it. */
export function openssl(args: readonly string[], cwd?: string): string {
  if (!existsSync(OPENSSL)) {
    throw new Error(`${OPENSSL} not found: these tests check the certificates with real OpenSSL. Install it (apt-get install openssl).`);
  }
  return execFileSync(OPENSSL, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
