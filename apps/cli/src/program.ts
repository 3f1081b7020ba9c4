import type { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { registerDestroy } from './commands/destroy.js';
import { registerInit } from './commands/init.js';
import { registerProvision } from './commands/provision.js';
import { registerRender } from './commands/render.js';
import { registerStatus } from './commands/status.js';
import { registerUp } from './commands/up.js';
import { registerValidate } from './commands/validate.js';
import { registerVerify } from './commands/verify.js';
import { registerVersion } from './commands/version.js';
import type { CommandContext } from './context.js';
import { defaultDurableDeps } from './durable/durable-deps.js';
import type { DurableDeps } from './durable/durable-deps.js';
import { ExitCode } from './exit-codes.js';
import { Output } from './output.js';
import { reportError } from './report-error.js';
import { cliVersion } from './version.js';

export interface RunOptions {
  readonly cwd?: string;
  /** The environment the commands read (TEMPORAL_*, AWS_*, KUBE_AWS_*); process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Replaces parts of the durable commands' outside world (Temporal, AWS identity, Ctrl-C, time). */
  readonly durable?: Partial<DurableDeps>;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

/** Runs the kube-aws command line and returns the exit code (never calls process.exit). */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<ExitCode> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const program = new Command('kube-aws')
    .description('Manage Kubernetes clusters on AWS, durably')
    .version(cliVersion(), '--cli-version', 'print the version number')
    .option('--json', 'print the result as JSON on stdout (messages go to stderr)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => stderr.write(s), writeOut: (s) => stdout.write(s) });

  const durable: DurableDeps = { ...defaultDurableDeps, ...options.durable };
  let output = new Output({ json: false, stdout, stderr });
  const context = (): CommandContext => {
    output = new Output({ json: Boolean(program.opts().json), stdout, stderr });
    return { dir: options.cwd ?? process.cwd(), output, env: options.env ?? process.env, durable };
  };
  registerInit(program, context);
  registerRender(program, context);
  registerValidate(program, context);
  registerUp(program, context);
  registerStatus(program, context);
  registerVerify(program, context);
  registerDestroy(program, context);
  registerProvision(program, context);
  registerVersion(program, context);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --cli-version "fail" with exit code 0; real usage errors are user errors.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.UserError;
    }
    return reportError(error, output);
  }
}
