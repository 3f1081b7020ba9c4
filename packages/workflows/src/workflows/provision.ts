import type { ProvisionInput, ProvisionResult } from '../contract.js';
import { activities } from './activities.js';
import { runCommand } from './run-command.js';
import { runUp } from './up-steps.js';

/**
 * `kube-aws provision`: init (when asked and cluster.yaml is missing) → render → validate → up →
 * verify, in one resumable workflow. Every step keeps what an earlier run made.
 */
export async function provisionWorkflow(input: ProvisionInput): Promise<ProvisionResult> {
  return runCommand('provision', input, input.init ? 'init' : 'render', async (progress) => {
    const ref = { assetsUri: input.assetsUri };
    if (input.init) {
      progress.begin('init');
      const init = await activities.initCluster(input.init);
      progress.finish(init.wrote ? 'wrote cluster.yaml' : 'cluster.yaml exists; kept it');
    } else {
      progress.skip('init', 'no init flags given; using the existing cluster.yaml');
    }
    progress.begin('render');
    const rendered = await activities.renderAssets(ref);
    const written = rendered.files.filter((f) => f.action !== 'unchanged' && f.action !== 'reused').length;
    progress.finish(`${rendered.files.length} files, ${written} written`);
    return runUp(progress, { ...input.up, assetsUri: input.assetsUri, verify: true });
  });
}
