/**
 * Starting, watching and stopping the sandbox's server processes. A process is stopped only by
 * its pid, and only after checking the pid still runs the command we started (a recycled pid
 * belongs to someone else).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname } from 'node:path';
import { ServiceStartError } from './errors.js';

export interface SpawnOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Outlives this process (own session, unref'd): for `sandbox up`. */
  readonly detached?: boolean;
}

export function spawnService(o: SpawnOptions): ChildProcess {
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = openSync(o.logFile, 'a');
  try {
    const child = spawn(o.command, [...o.args], {
      cwd: o.cwd,
      env: o.env ?? process.env,
      stdio: ['ignore', log, log],
      detached: o.detached ?? false,
    });
    if (o.detached) child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

/** A port free right now on the loopback interface (for tests: never assume a fixed one is). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Something accepts connections on host:port. */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Polls `ready` until it says yes. Fails early when the process exits, and at the deadline,
 * with the end of the log either way.
 */
export async function waitUntilReady(
  name: string,
  ready: () => Promise<boolean>,
  opts: { readonly child?: ChildProcess; readonly logFile: string; readonly timeoutMs: number; readonly hint: string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let exited: string | undefined;
  opts.child?.once('exit', (code, signal) => {
    exited = `exited (${signal ?? `code ${code}`})`;
  });
  for (;;) {
    if (exited) throw new ServiceStartError(name, `${exited} before it was ready`, tail(opts.logFile), opts.hint);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new ServiceStartError(name, `not ready after ${opts.timeoutMs / 1000}s`, tail(opts.logFile), opts.hint);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Running (a zombie is not: in a container whose init does not reap, a killed process stays one). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we know
  }
}

/** The command line of a running process ('' when unknown: not Linux, or gone). */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Alive, and (where /proc tells) still running a command containing `marker`. */
export function isOurs(pid: number, marker: string): boolean {
  if (!isAlive(pid)) return false;
  const cmd = commandOf(pid);
  return cmd === '' || marker === '' || cmd.includes(marker);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopPid(pid: number, graceMs = 5000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    const killDeadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stops a child of this process and waits for its exit (it is reaped, so no zombie lingers). */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
