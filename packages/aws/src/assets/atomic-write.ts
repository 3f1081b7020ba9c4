import { writeFileAtomic as writeAtomic } from '@kube-aws/render';

/**
 * The asset store's atomic write: render's, with missing directories private (0700), since the
 * store holds credentials and KMS ciphertext.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  return writeAtomic(path, data, mode, 0o700);
}
