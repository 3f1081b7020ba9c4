/** The cluster directory itself (`file:///abs/dir`), as `kube-aws` on the user's machine uses it. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AssetPath, AssetStore, WorkingCopyOptions } from './asset-store.js';
import { checkAssetPath } from './asset-store.js';
import { writeFileAtomic } from './atomic-write.js';

export class FileAssetStore implements AssetStore {
  readonly uri: string;

  constructor(readonly dir: string) {
    this.uri = pathToFileURL(dir).href;
  }

  async readFile(path: AssetPath): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.dir, checkAssetPath(path))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async writeFile(path: AssetPath, data: string | Uint8Array, mode: number): Promise<void> {
    await writeFileAtomic(join(this.dir, checkAssetPath(path)), data, mode);
  }

  /** The directory is already local: `fn` works on it directly (made first when asked, for init). */
  async withWorkingCopy<T>(fn: (dir: string) => Promise<T>, options: WorkingCopyOptions = {}): Promise<T> {
    if (options.create) await mkdir(this.dir, { recursive: true });
    return fn(this.dir);
  }
}
