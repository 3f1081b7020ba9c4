/**
 * Where the CLI writes: results to stdout (JSON with `--json`), everything meant for a person
 * (progress, warnings, errors) to stderr, so `--json` output stays machine-readable.
 */
import type { Writable } from 'node:stream';

export interface OutputOptions {
  readonly json: boolean;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

export class Output {
  readonly json: boolean;
  private readonly stdout: Writable;
  private readonly stderr: Writable;

  /** The stream progress (spinner, step and event lines) goes to: stderr, whatever `--json` says. */
  get progressStream(): Writable & { isTTY?: boolean } {
    return this.stderr;
  }

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  /** A line of the command's human result: stdout normally, stderr under `--json`. */
  say(line = ''): void {
    (this.json ? this.stderr : this.stdout).write(`${line}\n`);
  }

  /** Progress and notes for a person; always stderr. */
  note(line = ''): void {
    this.stderr.write(`${line}\n`);
  }

  warn(message: string): void {
    this.stderr.write(`Warning: ${message}\n`);
  }

  error(message: string): void {
    this.stderr.write(`Error: ${message}\n`);
  }

  /** The machine-readable result; printed only under `--json`. */
  result(value: unknown): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}
