import type { ValidateInput, ValidateResult } from '../contract.js';
import { loadAndValidate, runPreflight } from './check-steps.js';
import { runCommand } from './run-command.js';

/** `kube-aws validate` with AWS: the offline checks, the preflight checks and ValidateTemplate. Changes nothing. */
export async function validateWorkflow(input: ValidateInput): Promise<ValidateResult> {
  return runCommand('validate', input, 'validate', async (progress) => {
    const ref = { assetsUri: input.assetsUri };
    const cluster = await loadAndValidate(progress, ref);
    // Failed checks are the answer here, not an error.
    const { checks, template } = await runPreflight(progress, ref, false);
    return { cluster, template, preflight: checks };
  });
}
