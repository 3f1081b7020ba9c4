/** The real `openssl` binary, to check the rendered certificates with a tool that is not ours. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const OPENSSL = '/usr/bin/openssl';

/** Runs openssl and returns stdout; throws on a non-zero exit. A missing binary fails with how to install it. */
export function openssl(args: readonly string[], cwd: string): string {
  if (!existsSync(OPENSSL)) {
    throw new Error(`${OPENSSL} not found: these tests check the certificates with real OpenSSL. Install it (apt-get install openssl).`);
  }
  return execFileSync(OPENSSL, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
