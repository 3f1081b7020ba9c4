import { Command, CommanderError } from 'commander';
import { registerInit } from './commands/init.js';
import { registerRender } from './commands/render.js';
import { registerValidate } from './commands/validate.js';
import { registerVersion } from './commands/version.js';
import type { CommandContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { Output } from './output.js';
import { reportError } from './report-error.js';
import { cliVersion } from './version.js';

export interface RunOptions {
  readonly cwd?: string;
}

/** Runs the kube-aws command line and returns the exit code (never calls process.exit). */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<ExitCode> {
  const program = new Command('kube-aws')
    .description('Manage Kubernetes clusters on AWS, durably')
    .version(cliVersion(), '--cli-version', 'print the version number')
    .option('--json', 'print the result as JSON on stdout (messages go to stderr)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  let output = new Output({ json: false });
  const context = (): CommandContext => {
    output = new Output({ json: Boolean(program.opts().json) });
    return { dir: options.cwd ?? process.cwd(), output };
  };
  registerInit(program, context);
  registerRender(program, context);
  registerValidate(program, context);
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
