/**
 * {@link runCommand}: the frame every workflow runs in. It sets up progress (query and search
 * attributes), records how the workflow ended, and turns failures into what clients expect:
 * an activity's typed `ApplicationFailure` surfaces as the workflow's failure, and a cancellation
 * ends the workflow cancelled, after recording the step it stopped at. Nothing is undone on
 * cancel or failure: a half-made stack is left for `up` (to resume) or `destroy`.
 */
import { isCancellation } from '@temporalio/workflow';
import type { ClusterWorkflowInput, CommandName, Step } from '../contract.js';
import { toWorkflowFailure } from './failures.js';
import { ProgressTracker } from './progress.js';

export async function runCommand<T>(
  command: CommandName,
  input: ClusterWorkflowInput,
  firstStep: Step,
  body: (progress: ProgressTracker) => Promise<T>,
): Promise<T> {
  const progress = new ProgressTracker(
    { command, clusterName: input.clusterName, region: input.region, account: input.account },
    firstStep,
  );
  try {
    const result = await body(progress);
    progress.completed();
    return result;
  } catch (err) {
    if (isCancellation(err)) {
      progress.cancelled();
      throw err;
    }
    const failure = toWorkflowFailure(err);
    progress.failed(failure instanceof Error ? failure.message : String(failure));
    throw failure;
  }
}
