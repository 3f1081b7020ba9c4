import type { Command } from 'commander';
import { validateClusterAssets } from '@kube-aws/render';
import type { CommandContext } from '../context.js';
import { loadConfigFor } from './load-config.js';

export function registerValidate(program: Command, context: () => CommandContext): void {
  program
    .command('validate')
    .description('Check the rendered userdata, manifests, credentials and stack template')
    .option('--offline', 'only the local checks: no AWS and no Temporal')
    .action(async () => {
      const ctx = context();
      const { output } = ctx;
      const config = await loadConfigFor(ctx);

      const report = await validateClusterAssets(ctx.dir, config, {
        onStep: (step) => {
          if (step === 'userdata') output.say('Validating UserData...');
          if (step === 'template') output.say('Validating stack template...');
        },
        onStepDone: (step) => {
          if (step === 'userdata') output.say('UserData is valid.\n');
          if (step === 'template') output.say('stack template is valid.\n');
        },
      });
      for (const warning of report.warnings) output.warn(warning);
      output.say('Validation OK!');
      output.result(report);
    });
}
