/**
 * Where a cluster's assets live, behind one interface: the offline functions of @kube-aws/render
 * and @kube-aws/config work on a directory, so every store can lend one ({@link AssetStore.withWorkingCopy}).
 */

/** A file's path relative to the asset root, `/`-separated (`credentials/ca.pem`). */
export type AssetPath = string;

export interface WorkingCopyOptions {
  /**
   * Write files that changed or appeared back to the store (default true). Files deleted in the
   * working copy are not deleted from the store: no activity removes assets.
   */
  readonly writeBack?: boolean;
  /** Create a directory store's directory when it does not exist yet (init only). */
  readonly create?: boolean;
}

export interface AssetStore {
  /** The assets URI this store was opened on. */
  readonly uri: string;
  /** A file's bytes, or undefined when the store has no such file. */
  readFile(path: AssetPath): Promise<Uint8Array | undefined>;
  /** Writes one file; readers see the old bytes or the new, never a mix. */
  writeFile(path: AssetPath, data: string | Uint8Array, mode: number): Promise<void>;
  /**
   * Runs `fn` over a local directory holding every asset. For a directory store that is the
   * directory itself; for S3 a private temporary copy (0700), removed afterwards, whose changed
   * files are written back when `fn` succeeds.
   */
  withWorkingCopy<T>(fn: (dir: string) => Promise<T>, options?: WorkingCopyOptions): Promise<T>;
}

/** Rejects paths that would leave the asset root. */
export function checkAssetPath(path: AssetPath): AssetPath {
  const parts = path.split('/');
  if (path === '' || path.startsWith('/') || parts.some((p) => p === '..' || p === '.' || p === '')) {
    throw new TypeError(`asset path "${path}" must be relative and stay inside the asset root`);
  }
  return path;
}
