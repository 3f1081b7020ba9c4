/**
 * Temp directories, and whole-tree snapshots (every file's SHA-256 and mode, by relative path) to
 * prove a command left a directory byte-for-byte alone and created nothing.
 */
import { createHash } from 'node:crypto';
import { cp, lstat, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** A fresh directory under the OS temp dir (outside the repository). */
export function tempDir(prefix = 'kube-aws-cli-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** A copy of an asset directory (modes kept) in a new temp dir, so a test can change it freely. */
export async function copyDir(dir: string): Promise<string> {
  const copy = await tempDir('kube-aws-cli-copy-');
  await cp(dir, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}

export type TreeSnapshot = Record<string, string>;

/** `relative/path` → `sha256 mode` for every file, and `relative/dir/` → `dir mode` for every directory. */
export async function snapshotTree(root: string): Promise<TreeSnapshot> {
  const out: TreeSnapshot = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      const mode = ((await lstat(path)).mode & 0o7777).toString(8);
      const name = relative(root, path);
      if (entry.isDirectory()) {
        out[`${name}/`] = `dir ${mode}`;
        await walk(path);
      } else {
        out[name] = `${createHash('sha256').update(await readFile(path)).digest('hex')} ${mode}`;
      }
    }
  };
  await walk(root);
  return out;
}

/** Every file under `root`, relative, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  return Object.keys(await snapshotTree(root)).filter((p) => !p.endsWith('/')).sort();
}
