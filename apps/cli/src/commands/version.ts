import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { cliVersion } from '../version.js';

export function registerVersion(program: Command, context: () => CommandContext): void {
  program
    .command('version')
    .description('Print the kube-aws version')
    .action(() => {
      const { output } = context();
      output.say(`kube-aws version ${cliVersion()}`);
      output.result({ version: cliVersion(), node: process.version });
    });
}
