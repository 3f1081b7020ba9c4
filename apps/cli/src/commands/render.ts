import type { Command } from 'commander';
import { renderClusterAssets } from '@kube-aws/render';
import type { CommandContext } from '../context.js';
import { loadConfigFor } from './load-config.js';

export function registerRender(program: Command, context: () => CommandContext): void {
  program
    .command('render')
    .description('Write the TLS assets, kubeconfig, userdata and stack template (offline; reuses what is still valid)')
    .action(async () => {
      const ctx = context();
      const { output } = ctx;
      const config = await loadConfigFor(ctx);
      const report = await renderClusterAssets(ctx.dir, config);

      for (const entry of report.credentials.entries) {
        const reason = entry.reason ? ` (${entry.reason})` : '';
        output.note(`${entry.action.padEnd(9)} credentials/${entry.name}${reason}`);
      }
      for (const file of report.files) {
        output.note(`${file.action.padEnd(9)} ${file.path}${file.note ? ` (${file.note})` : ''}`);
      }
      for (const warning of report.warnings) output.warn(warning);

      output.say('Success! Stack rendered to stack-template.json.');
      output.say();
      output.say('Next steps:');
      output.say('1. (Optional) Validate your changes to cluster.yaml with "kube-aws validate"');
      output.say('2. (Optional) Further customize the cluster by modifying stack-template.json or files in ./userdata.');
      output.say('3. Start the cluster with "kube-aws up".');
      output.result(report);
    });
}
