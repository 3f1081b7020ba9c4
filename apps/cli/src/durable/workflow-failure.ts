/**
 * What a failed workflow means for the person at the terminal: the message (the ApplicationFailure's
 * own, written to be actionable), the failed stack resources, and the exit code. The kind of a
 * failure comes from the contracts: FAILURE_TYPES (activities) and WORKFLOW_FAILURE_TYPES (the
 * workflows' own) map each `ApplicationFailure.type` to user (2), infra (1) or timeout (3).
 */
import { FAILURE_TYPES } from '@kube-aws/aws';
import type { StackFailure } from '@kube-aws/aws';
import { WORKFLOW_FAILURE_TYPES } from '@kube-aws/workflows';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/client';
import { WorkflowRunError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

type FailureKind = 'user' | 'infra' | 'timeout';

const KINDS: Readonly<Record<string, FailureKind>> = { ...FAILURE_TYPES, ...WORKFLOW_FAILURE_TYPES };

const EXIT_BY_KIND: Readonly<Record<FailureKind, ExitCode>> = {
  user: ExitCode.UserError,
  infra: ExitCode.Failure,
  timeout: ExitCode.Timeout,
};

/** The error and its causes, outermost first (WorkflowFailedError → ActivityFailure → ApplicationFailure). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 20; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

function isStackFailure(value: unknown): value is StackFailure {
  const v = value as Partial<StackFailure> | null;
  return typeof v === 'object' && v !== null && typeof v.logicalId === 'string' && typeof v.status === 'string';
}

/** kube-aws's failed-event line: `<status> <resourceType> <logicalId> <reason>`. */
export function formatStackFailure(f: StackFailure): string {
  return `${f.status} ${f.resourceType} ${f.logicalId} ${f.reason}`.trimEnd();
}

export interface FailureContext {
  readonly workflowId: string;
  /** kube-aws's prefix for the command's errors, e.g. `Error creating cluster`. */
  readonly prefix: string;
  /** The failed resources the last `progress` answer listed, used when the failure carries none. */
  readonly progressFailures?: readonly StackFailure[];
  /** How to look at the cluster afterwards, for timeouts (`kube-aws status`). */
  readonly checkCommand: string;
}

/** Converts what `result()` threw into a {@link WorkflowRunError} with the exit code it means. */
export function workflowRunError(error: unknown, ctx: FailureContext): WorkflowRunError {
  const chain = causeChain(error);
  const known = chain.find((e): e is ApplicationFailure => e instanceof ApplicationFailure && typeof e.type === 'string' && e.type in KINDS);
  if (known) {
    const type = known.type as string;
    const kind = KINDS[type] ?? 'infra';
    const fromDetails = (known.details ?? []).filter(isStackFailure);
    const failures = fromDetails.length > 0 ? fromDetails : (ctx.progressFailures ?? []);
    // The workflow's own message usually names each failed resource and its reason; list the rest.
    const unnamed = failures.filter((f) => !(known.message.includes(f.logicalId) && known.message.includes(f.reason)));
    const listing = unnamed.length > 0 ? `\n\nThe resources that failed:\n${unnamed.map((f) => `  ${formatStackFailure(f)}`).join('\n')}` : '';
    return new WorkflowRunError(`${ctx.prefix}: ${known.message}${listing}`, EXIT_BY_KIND[kind], ctx.workflowId, type, failures);
  }
  if (chain.some((e) => e instanceof TimeoutFailure)) {
    return new WorkflowRunError(
      `${ctx.prefix}: the workflow timed out; the AWS operation may still be under way. Check with: ${ctx.checkCommand}`,
      ExitCode.Timeout,
      ctx.workflowId,
    );
  }
  if (chain.some((e) => e instanceof CancelledFailure)) {
    return new WorkflowRunError(`${ctx.prefix}: the workflow was cancelled (from the Web UI or the temporal CLI)`, ExitCode.Failure, ctx.workflowId);
  }
  if (chain.some((e) => e instanceof TerminatedFailure)) {
    return new WorkflowRunError(`${ctx.prefix}: the workflow was terminated (from the Web UI or the temporal CLI)`, ExitCode.Failure, ctx.workflowId);
  }
  // An unclassified failure: the innermost message is the one that names the problem.
  const innermost = chain.at(-1);
  const message = innermost instanceof Error ? innermost.message : String(innermost);
  const type = innermost instanceof ApplicationFailure && innermost.type ? innermost.type : undefined;
  return new WorkflowRunError(`${ctx.prefix}: ${message}`, ExitCode.Failure, ctx.workflowId, type);
}
