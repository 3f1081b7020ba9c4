/**
 * Where `npm run sandbox -- up` keeps what it started, so later commands (and `npm start`, which
 * registers its worker here) find it: ${KUBE_AWS_CACHE:-~/.cache/kube-aws}/sandbox/state.json,
 * logs beside it in logs/, and Temporal's database (kept across down/up).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { commandOf } from '@kube-aws/machines/processes';

export interface ProcessEntry {
  readonly pid: number;
  /** Part of its command line, checked before stopping it (a recycled pid is someone else's). */
  readonly marker: string;
  readonly port?: number;
  readonly startedAt: string;
}

export interface SandboxState {
  readonly processes: Record<string, ProcessEntry>;
  readonly motoUrl?: string;
  readonly awsEndpoint?: string;
  readonly temporalAddress?: string;
  readonly temporalUiUrl?: string;
  readonly kmsKeyArn?: string;
  /** Set when the proxy plays the stacks' machines (@kube-aws/machines, api-endpoints.ts). */
  readonly apiEndpointsFile?: string;
}

/** SANDBOX_DIR moves it (tests do, to run beside a developer's sandbox); the venv stays in the cache. */
export function sandboxDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['SANDBOX_DIR'] ?? join(env['KUBE_AWS_CACHE'] ?? join(homedir(), '.cache', 'kube-aws'), 'sandbox');
}

export const stateFile = (env: NodeJS.ProcessEnv = process.env): string => join(sandboxDir(env), 'state.json');
export const logsDir = (env: NodeJS.ProcessEnv = process.env): string => join(sandboxDir(env), 'logs');

export function readState(env: NodeJS.ProcessEnv = process.env): SandboxState {
  const file = stateFile(env);
  if (!existsSync(file)) return { processes: {} };
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
    return { ...s, processes: s.processes ?? {} };
  } catch {
    return { processes: {} };
  }
}

/** Written to a temp file and renamed, so a reader never sees half a file. */
export function writeState(state: SandboxState, env: NodeJS.ProcessEnv = process.env): void {
  const file = stateFile(env);
  mkdirSync(sandboxDir(env), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function removeState(env: NodeJS.ProcessEnv = process.env): void {
  rmSync(stateFile(env), { force: true });
}

/**
 * Registers another process with the sandbox (`npm start` registers its Temporal worker), so
 * `npm run sandbox -- down` stops it too. Its command line, as it is now, is what `down` checks.
 */
export function registerProcess(name: string, pid: number, env: NodeJS.ProcessEnv = process.env): void {
  const state = readState(env);
  const marker = commandOf(pid);
  writeState({ ...state, processes: { ...state.processes, [name]: { pid, marker, startedAt: new Date().toISOString() } } }, env);
}
