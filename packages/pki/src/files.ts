/**
 * The credentials directory on disk: reading what exists, and writing a batch of files so that
 * each one is either the old or the new version, never half-written.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { CredentialFileError, CredentialWriteError } from './errors.js';

/** Mode of private keys (and of every temp file while it is written). */
export const KEY_FILE_MODE = 0o600;
/** Mode of certificates, public keys and `.gitignore`: public data, inside a 0700 directory. */
export const PUBLIC_FILE_MODE = 0o644;
/** Mode of a credentials directory this package creates. */
export const DIR_MODE = 0o700;

/** An existing file's text and permission bits. */
export interface ExistingFile {
  readonly text: string;
  readonly mode: number;
}

/** Reads a file, or `undefined` when it does not exist. Other failures are a {@link CredentialFileError}. */
export async function readOptional(dir: string, file: string): Promise<ExistingFile | undefined> {
  const path = join(dir, file);
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, mode: info.mode & 0o777 };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new CredentialFileError(path, `cannot be read (${code ?? 'unknown error'})`, 'Check that it is a readable file.', { cause });
  }
}

/** One file to (re)write. */
export interface PendingWrite {
  readonly file: string;
  readonly data: string;
  readonly mode: number;
}

/**
 * Writes every file atomically: each goes to a 0600 temp file in `dir` that is fsynced, given its
 * final mode, and only then renamed over the target. All temp files are complete before the
 * first rename, so a failure while writing leaves every target untouched. Creates `dir` (0700).
 */
export async function writeFilesAtomically(
  dir: string,
  writes: readonly PendingWrite[],
  modeFixes: readonly { file: string; mode: number }[] = [],
): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
  } catch (cause) {
    throw new CredentialWriteError(dir, '.', { cause });
  }
  const temps: { tmp: string; target: string; file: string }[] = [];
  try {
    for (const w of writes) {
      const tmp = join(dir, `.${w.file}.${randomBytes(6).toString('hex')}.tmp`);
      temps.push({ tmp, target: join(dir, w.file), file: w.file });
      const handle = await open(tmp, 'wx', KEY_FILE_MODE);
      try {
        await handle.writeFile(w.data, 'utf8');
        // open()'s mode is filtered by the umask; chmod sets exactly what we mean.
        await handle.chmod(w.mode);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  } catch (cause) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => undefined)));
    throw new CredentialWriteError(dir, temps.at(-1)?.file ?? '.', { cause });
  }
  for (const [i, t] of temps.entries()) {
    try {
      await rename(t.tmp, t.target);
    } catch (cause) {
      await Promise.all(temps.slice(i).map((r) => unlink(r.tmp).catch(() => undefined)));
      throw new CredentialWriteError(dir, t.file, { cause });
    }
  }
  for (const fix of modeFixes) {
    try {
      await chmod(join(dir, fix.file), fix.mode);
    } catch (cause) {
      throw new CredentialWriteError(dir, fix.file, { cause });
    }
  }
  await syncDirectory(dir);
}

/** fsync the directory so the renames themselves survive a crash (best effort where unsupported). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the file contents are already durable.
  } finally {
    await handle?.close();
  }
}
