/**
 * The real `kube-aws` executable (bin/kube-aws.mjs) in a child process, with the environment an
 * end-to-end run gives it (TEMPORAL_ADDRESS, AWS_ENDPOINT_URL …) and the cluster directory as cwd.
 * A test can wait for a line to appear and press Ctrl-C (SIGINT) like a person would.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const CLI_BIN = fileURLToPath(new URL('../../../bin/kube-aws.mjs', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private readonly waiters: (() => void)[] = [];

  constructor(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
    const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
    // The test runner's own variables would make the child load tsx twice or think it is a test.
    for (const name of ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'KUBE_AWS_DEBUG', 'FORCE_COLOR', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']) delete base[name];
    this.child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.append('stdout', chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.append('stderr', chunk));
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) => {
        this.wake();
        resolve({ code, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  private append(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString('utf8');
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves once stderr matches; rejects if the process exits first. */
  async waitForStderr(pattern: RegExp): Promise<RegExpMatchArray> {
    for (;;) {
      const match = this.stderr.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null) throw new Error(`kube-aws exited (${this.child.exitCode}) before stderr matched ${pattern}:\n${this.stderr}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  interrupt(): void {
    this.child.kill('SIGINT');
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
