/**
 * The shape every durable command shares: find Temporal and a worker, name the workflow (the
 * cluster's ID for a change, a fresh one for a look), start it or attach to it, follow its progress
 * and return its result. The command itself only builds the input and prints the result.
 */
import { clusterWorkflowId, MUTATING_COMMANDS, readOnlyWorkflowId, TASK_QUEUE, WORKFLOWS } from '@kube-aws/workflows';
import type { ClusterWorkflowInput, CommandName } from '@kube-aws/workflows';
import { WorkflowFailedError } from '@temporalio/client';
import type { CommandContext } from '../context.js';
import { resolveAssetsLocation } from './assets-uri.js';
import { followWorkflow } from './follow-workflow.js';
import { progressView } from './progress-view.js';
import { startOrAttach } from './start-or-attach.js';
import { temporalSettings, workflowUiUrl } from './temporal-settings.js';
import { waitForWorker } from './wait-for-worker.js';

export interface DurableRequest {
  readonly command: CommandName;
  readonly clusterName: string;
  readonly region: string;
  /** cluster.yaml's kmsKeyArn, for an `s3://` push (objects are encrypted under it). */
  readonly kmsKeyArn?: string;
  /** `--assets-uri`, when given. */
  readonly assetsUri?: string;
  /** The command line that starts (or re-attaches to) this operation, for messages: `kube-aws up`. */
  readonly commandLine: string;
  /** kube-aws's prefix for the command's errors, e.g. `Error creating cluster`. */
  readonly failurePrefix: string;
  /** false with `--no-wait`: start (or find) the run, print its ID and return. */
  readonly wait: boolean;
  /** The workflow's input from the common part. */
  readonly input: (common: ClusterWorkflowInput) => unknown;
  /** Printed after the workflow ID, before progress (kube-aws's "Creating AWS resources…"). */
  readonly announce?: string;
}

export interface DurableOutcome<R> {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: string;
  readonly attached: boolean;
  readonly uiUrl: string;
  /** Absent with `--no-wait`. */
  readonly result?: R;
}

export async function runDurable<R>(ctx: CommandContext, request: DurableRequest): Promise<DurableOutcome<R>> {
  const { output, durable: deps } = ctx;
  const settings = temporalSettings(ctx.env);
  const location = resolveAssetsLocation(ctx.dir, request.assetsUri, ctx.env);

  const session = await deps.connect(settings);
  try {
    await waitForWorker(session, TASK_QUEUE, {
      windowMs: deps.workerWaitMs,
      intervalMs: deps.workerPollIntervalMs,
      sleep: deps.sleep,
      now: deps.now,
    });
    const account = await deps.resolveAccount(request.region);

    if (location.kind === 's3') {
      const pushed = await deps.pushAssets(ctx.dir, { bucket: location.bucket, prefix: location.prefix, region: request.region, kmsKeyArn: request.kmsKeyArn ?? '' });
      output.note(`Pushed ${pushed.uploaded.length} file(s) to ${location.uri} (${pushed.unchanged} unchanged)`);
    }

    const invocation = deps.newInvocation();
    const workflowType = WORKFLOWS[request.command];
    const mutating = MUTATING_COMMANDS.includes(request.command);
    const workflowId = mutating
      ? clusterWorkflowId(account, request.region, request.clusterName)
      : readOnlyWorkflowId(request.command, account, request.region, request.clusterName, invocation.slice(0, 8));
    const uiUrl = workflowUiUrl(settings.uiBase, settings.namespace, workflowId);
    const common: ClusterWorkflowInput = { assetsUri: location.uri, clusterName: request.clusterName, region: request.region, account };

    const { execution, attached } = await startOrAttach(
      session,
      { workflowType, workflowId, taskQueue: TASK_QUEUE, input: request.input(common), invocation },
      { clusterName: request.clusterName, uiUrl, commandLine: request.commandLine },
    );
    if (attached) {
      output.note(`Attached to running workflow ${workflowId} (${workflowType}, started ${execution.startTime.toISOString()}); it keeps the options it was started with`);
    } else {
      output.note(`Started workflow ${workflowId} (${workflowType})`);
    }
    output.note(`Web UI: ${uiUrl}`);
    const base = { workflowId, runId: execution.runId, workflowType, attached, uiUrl };
    if (!request.wait) {
      output.note(`Not waiting (--no-wait). Follow it with: ${request.commandLine}`);
      return base;
    }
    if (request.announce) output.say(request.announce);

    const outcome = await followWorkflow({
      session,
      execution,
      view: progressView(output.progressStream, deps.tty),
      pollIntervalMs: deps.progressIntervalMs,
      sleep: deps.sleep,
      now: deps.now,
      onInterrupt: deps.onInterrupt,
      reattach: mutating ? request.commandLine : uiUrl,
      readOnly: !mutating,
    });
    if (outcome.ok) return { ...base, result: outcome.value as R };
    if (outcome.error instanceof WorkflowFailedError) {
      // Loaded only on failure: it reads FAILURE_TYPES from @kube-aws/aws, whose barrel loads the AWS SDK.
      const { workflowRunError } = await import('./workflow-failure.js');
      throw workflowRunError(outcome.error, {
        workflowId,
        prefix: request.failurePrefix,
        checkCommand: 'kube-aws status',
        ...(outcome.progress ? { progressFailures: outcome.progress.failures } : {}),
      });
    }
    throw outcome.error;
  } finally {
    await session.close();
  }
}
