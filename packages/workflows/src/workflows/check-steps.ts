/**
 * The checks that come before any change, shared by `validate`, `up` and `provision`:
 * the `validate` step (cluster.yaml and the rendered assets, offline) and the `preflight` step
 * (what AWS says: the image, key pair, zones, hosted zone, and the template itself).
 */
import type { ClusterRef, ClusterSummary, FailureType, ImageChoice, PreflightCheck, TemplateValidationReport } from '@kube-aws/aws';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { activities } from './activities.js';
import type { ProgressTracker } from './progress.js';

/** Loads cluster.yaml and validates the rendered assets (the `validate` step). */
export async function loadAndValidate(progress: ProgressTracker, ref: ClusterRef): Promise<ClusterSummary> {
  progress.begin('validate');
  const cluster = await activities.loadCluster(ref);
  const local = await activities.validateAssets(ref);
  progress.finish(`template ${local.templateBytes} bytes, userdata ${local.userDataBytes.controller}/${local.userDataBytes.worker} bytes`);
  return cluster;
}

export interface PreflightOutcome {
  readonly image: ImageChoice;
  readonly checks: readonly PreflightCheck[];
  readonly template: TemplateValidationReport;
  /**
   * The key ARN `kmsKeyArn` resolved to (the `kms-key` check's), for the template's `KmsKeyArn`.
   * Undefined when the worker's preflight predates that check; `deployStack` then resolves it.
   */
  readonly kmsKeyArn?: string;
}

/**
 * The `preflight` step. With `failOnProblem`, a failed check ends the workflow (`PreflightFailed`)
 * before anything is created; `validate` reports the checks instead.
 */
export async function runPreflight(progress: ProgressTracker, ref: ClusterRef, failOnProblem: boolean): Promise<PreflightOutcome> {
  progress.begin('preflight');
  const image = await activities.resolveImage(ref);
  const checks = await preflightChecks({ ...ref, imageId: image.imageId }, failOnProblem);
  const failed = checks.filter((c) => !c.ok);
  if (failOnProblem && failed.length > 0) {
    throw ApplicationFailure.create({
      type: 'PreflightFailed' satisfies FailureType,
      nonRetryable: true,
      message: `Preflight checks failed:${failed.map((c) => `\n  - ${c.name}: ${c.detail}`).join('')}\nFix them and run the command again; nothing was created.`,
      details: [...failed],
    });
  }
  const template = await activities.validateTemplate({ ...ref, imageId: image.imageId });
  // What a passing check wants the user to know (kmsKeyArn alias/x resolves to …): query state only.
  for (const check of checks) if (check.note !== undefined) progress.note(check.note);
  progress.finish(`image ${image.imageId}; ${checks.length - failed.length} of ${checks.length} checks passed`);
  const kmsKeyArn = checks.find((c) => c.name === 'kms-key' && c.ok)?.keyArn;
  return { image, checks, template, ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }) };
}

/**
 * The preflight activity fails (`PreflightFailed`) when a check does not pass, with every check
 * in its details (`details[0].checks`). `validate` wants the checks, not the failure.
 */
async function preflightChecks(input: ClusterRef & { readonly imageId: string }, failOnProblem: boolean): Promise<readonly PreflightCheck[]> {
  try {
    return await activities.preflight(input);
  } catch (err) {
    const checks = failOnProblem ? undefined : checksOf(err);
    if (checks) return checks;
    throw err;
  }
}

function checksOf(err: unknown): readonly PreflightCheck[] | undefined {
  if (!(err instanceof ActivityFailure) || !(err.cause instanceof ApplicationFailure)) return undefined;
  if (err.cause.type !== ('PreflightFailed' satisfies FailureType)) return undefined;
  const detail = err.cause.details?.[0] as { checks?: unknown } | undefined;
  return Array.isArray(detail?.checks) ? (detail.checks as PreflightCheck[]) : undefined;
}
