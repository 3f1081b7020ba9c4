/**
 * Runs the real `kube-aws` executable (bin/kube-aws.mjs, as `node_modules/.bin/kube-aws` runs it)
 * in a child process, so the end-to-end tests see exactly what a person sees: exit code, stdout and
 * stderr. Nothing from src/ is imported.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../bin/kube-aws.mjs', import.meta.url));
/** The symlink npm made for the workspace's `bin` entry. */
export const CLI_SHIM = fileURLToPath(new URL('../../../../node_modules/.bin/kube-aws', import.meta.url));

/** Generous: each run starts Node and tsx, and the machine may have 2 busy cores. */
export const CLI_TIMEOUT_MS = 120_000;
/** For tests and hooks that run the CLI several times (init + render, key generation). */
export const SLOW_TIMEOUT_MS = 300_000;

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  /** Run this file instead of bin/kube-aws.mjs through `node` (e.g. the node_modules/.bin shim). */
  readonly executable?: string;
}

/**
 * The environment a user's shell would give: the test runner's own variables (NODE_OPTIONS with
 * tsx, NODE_TEST_CONTEXT) are dropped so the binary loads tsx itself, and this Node comes first on
 * PATH so `#!/usr/bin/env node` finds it.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  for (const name of ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'KUBE_AWS_DEBUG', 'FORCE_COLOR']) delete env[name];
  return env;
}

/** Runs `kube-aws <args>` in `cwd` and resolves when it exits (never rejects on a non-zero exit). */
export function runCli(args: readonly string[], options: RunOptions): Promise<CliResult> {
  const [command, argv] = options.executable ? [options.executable, [...args]] : [process.execPath, [CLI_BIN, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: options.cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** A one-line-per-stream description of a run, for assertion messages. */
export function describeRun(args: readonly string[], result: CliResult): string {
  return `kube-aws ${args.join(' ')} → exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}

/** Runs the CLI and throws (with both streams) unless it exits 0: for hooks that set a directory up. */
export async function runCliOk(args: readonly string[], options: RunOptions): Promise<CliResult> {
  const result = await runCli(args, options);
  if (result.code !== 0) throw new Error(`expected exit 0 from ${describeRun(args, result)}`);
  return result;
}
