import type { UpInput, UpResult } from '../contract.js';
import { runCommand } from './run-command.js';
import { runUp } from './up-steps.js';

/** `kube-aws up`: create the cluster's stack (or finish a half-made one) from the rendered assets. */
export async function upWorkflow(input: UpInput): Promise<UpResult> {
  return runCommand('up', input, 'validate', (progress) => runUp(progress, input));
}
