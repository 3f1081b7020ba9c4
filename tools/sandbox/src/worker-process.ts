/**
 * A kube-aws worker as a background process of the sandbox (`npm run sandbox -- worker`, which
 * `npm start` runs): started with the sandbox's environment, logging to logs/worker.log and
 * registered so `down` stops it. Idempotent: a running worker is kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { upState } from './detached.js';
import { isOurs, spawnService, waitUntilReady } from '@kube-aws/machines/processes';
import { sandboxEnv } from './sandbox-env.js';
import { logsDir, readState, registerProcess } from './state.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The worker's executable; the sandbox runs it, it never imports it. */
const WORKER_BIN = join(REPO_ROOT, 'apps', 'worker', 'bin', 'kube-aws-worker.mjs');
/** What the worker logs once it polls its task queue. */
const READY_LINE = /serving task queue/i;

export interface WorkerStatus {
  readonly pid: number;
  readonly started: boolean;
  readonly logFile: string;
}

export async function ensureWorker(env: NodeJS.ProcessEnv = process.env): Promise<WorkerStatus> {
  const logFile = join(logsDir(env), 'worker.log');
  const known = readState(env).processes['worker'];
  if (known && isOurs(known.pid, known.marker)) return { pid: known.pid, started: false, logFile };

  const s = upState(env);
  const addresses = sandboxEnv({
    awsEndpoint: s.awsEndpoint as string,
    kmsKeyArn: s.kmsKeyArn as string,
    ...(s.temporalAddress ? { temporalAddress: s.temporalAddress } : {}),
    ...(s.apiEndpointsFile ? { apiEndpointsFile: s.apiEndpointsFile } : {}),
  });
  const logStart = safeSize(logFile);
  const child = spawnService({ name: 'worker', command: process.execPath, args: [WORKER_BIN], cwd: REPO_ROOT, env: { ...env, ...addresses }, logFile, detached: true });
  if (child.pid === undefined) throw new Error('could not start the kube-aws worker');
  await waitUntilReady('the kube-aws worker', async () => READY_LINE.test(readFileSync(logFile, 'utf8').slice(logStart)), {
    child,
    logFile,
    timeoutMs: 120_000,
    hint: `Run it in the foreground to see why: npm run worker (with the sandbox's environment: eval "$(npm run -s sandbox -- env)")`,
  });
  registerProcess('worker', child.pid, env);
  return { pid: child.pid, started: true, logFile };
}

function safeSize(file: string): number {
  try {
    return readFileSync(file, 'utf8').length;
  } catch {
    return 0;
  }
}
