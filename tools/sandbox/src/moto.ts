/**
 * moto's server, started through tools/sandbox/moto/launch.py (which adds the seed account's
 * availability zones and Flatcar's AMIs before moto loads).
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnService, waitUntilReady } from '@kube-aws/machines/processes';

export const MOTO_LAUNCHER = fileURLToPath(new URL('../moto/launch.py', import.meta.url));

export interface MotoOptions {
  readonly python: string;
  readonly host: string;
  readonly port: number;
  readonly stateDir: string;
  readonly logFile: string;
  readonly detached?: boolean;
}

export function startMoto(o: MotoOptions): ChildProcess {
  return spawnService({
    name: 'moto',
    command: o.python,
    args: [MOTO_LAUNCHER, '--host', o.host, '--port', String(o.port), '--amis-file', join(o.stateDir, 'flatcar-amis.json')],
    logFile: o.logFile,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    detached: o.detached ?? false,
  });
}

/** moto answers HTTP (any answer will do: it routes by request, and `/` is S3's ListBuckets). */
export async function motoReady(url: string): Promise<boolean> {
  const res = await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
  return res !== undefined && res.status < 500;
}

export function waitForMoto(url: string, logFile: string, child?: ChildProcess): Promise<void> {
  return waitUntilReady('moto', () => motoReady(url), {
    ...(child ? { child } : {}),
    logFile,
    timeoutMs: 60_000,
    hint: 'Check that the port is free and that the venv has moto (node tools/sandbox/install.mjs)',
  });
}

/** Wipes every AWS resource moto holds (the seed has to be put back afterwards). */
export async function resetMoto(url: string): Promise<void> {
  const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}
