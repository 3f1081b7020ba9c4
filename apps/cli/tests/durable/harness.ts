/**
 * Runs the real command line in-process (`runCli`) with the durable commands' outside world
 * replaced: the {@link FakeTemporal} session, a fixed AWS account, no real waiting, and a Ctrl-C the
 * test presses. Output is captured per stream.
 */
import { Writable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { runCli } from '../../src/program.js';
import type { DurableDeps } from '../../src/durable/durable-deps.js';
import type { FakeTemporal } from './fake-temporal.js';

export const ACCOUNT = '123456789012';
export const CLUSTER_ID = `kube-aws:${ACCOUNT}:us-west-1:kube-cluster`;

/** Unique across harnesses, as a real random token would be. */
let invocations = 0;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Harness {
  run(argv: readonly string[]): Promise<CliRun>;
  /** Presses Ctrl-C (what SIGINT would do) while a command follows a workflow. */
  interrupt(): void;
  /** Regions the account was resolved for. */
  readonly accountLookups: string[];
  readonly slept: number[];
}

export function harness(dir: string, fake: FakeTemporal, overrides: Partial<DurableDeps> = {}, env: NodeJS.ProcessEnv = {}): Harness {
  let listener: (() => void) | undefined;
  const accountLookups: string[] = [];
  const slept: number[] = [];
  let clock = Date.parse('2026-01-01T10:00:00Z');
  const durable: Partial<DurableDeps> = {
    connect: async () => fake,
    resolveAccount: async (region) => {
      accountLookups.push(region);
      return ACCOUNT;
    },
    onInterrupt: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
    // Time passes only when the code sleeps; no test waits for real.
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
      await yieldToLoop();
    },
    now: () => clock,
    newInvocation: () => `invocation-${++invocations}-0000-0000`,
    tty: false,
    ...overrides,
  };
  return {
    accountLookups,
    slept,
    interrupt: () => listener?.(),
    async run(argv) {
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await runCli(argv, { cwd: dir, env, durable, stdout, stderr });
      return { code, stdout: stdout.text, stderr: stderr.text };
    },
  };
}
