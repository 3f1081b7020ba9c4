/**
 * {@link ProgressTracker}: what a workflow has done so far, answered by the `progress` query and
 * mirrored in the `Step` search attribute. Workflow state only: every timestamp is workflow time,
 * so a replay rebuilds exactly the same answer.
 */
import type { StackEventView, StackFailure } from '@kube-aws/aws';
import { log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CommandName, KubernetesProgress, Progress, Step, StepState, WorkflowOutcome } from '../contract.js';
import { PROGRESS_EVENT_LIMIT } from '../contract.js';
import { ACCOUNT_KEY, CLUSTER_NAME_KEY, REGION_KEY, STEP_KEY } from '../search-attributes.js';
import { progressQuery } from './queries.js';

/** Who the workflow works for: set once as search attributes. */
export interface ProgressSubject {
  readonly command: CommandName;
  readonly clusterName: string;
  readonly region: string;
  readonly account: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class ProgressTracker {
  private current: Step;
  private readonly steps: Mutable<StepState>[] = [];
  private events: StackEventView[] = [];
  private eventCount = 0;
  private failures: StackFailure[] = [];
  private stackStatus: string | undefined;
  private message: string | undefined;
  private outcome: WorkflowOutcome = 'running';
  private stoppedAt: Step | undefined;
  private kubernetes: KubernetesProgress | undefined;
  private readonly startedAt = workflowInfo().startTime;

  /** Registers the query and sets the search attributes; call first thing in a workflow. */
  constructor(
    private readonly subject: ProgressSubject,
    firstStep: Step,
  ) {
    this.current = firstStep;
    setHandler(progressQuery, () => this.snapshot());
    upsertSearchAttributes([
      { key: CLUSTER_NAME_KEY, value: subject.clusterName },
      { key: REGION_KEY, value: subject.region },
      { key: ACCOUNT_KEY, value: subject.account },
      { key: STEP_KEY, value: firstStep },
    ]);
  }

  get step(): Step {
    return this.current;
  }

  /** Ends the running step (as done) and starts `step`. */
  begin(step: Step, detail?: string): void {
    this.finish();
    this.steps.push({ step, state: 'running', startedAt: now(), ...(detail === undefined ? {} : { detail }) });
    this.moveTo(step);
    log.info(`${this.subject.command} ${this.subject.clusterName}: ${step}`, detail === undefined ? {} : { detail });
  }

  /** Marks the running step done, with an optional note of what it did. */
  finish(detail?: string): void {
    this.endRunning('done', detail);
  }

  /** Records a step that did not need doing (e.g. `init` when cluster.yaml exists). */
  skip(step: Step, detail: string): void {
    this.finish();
    const at = now();
    this.steps.push({ step, state: 'skipped', startedAt: at, endedAt: at, detail });
  }

  /** A step note that does not end the step (e.g. "adopted the stack of an earlier attempt"). */
  note(detail: string): void {
    const running = this.running();
    if (running) running.detail = running.detail === undefined ? detail : `${running.detail}; ${detail}`;
  }

  addEvents(events: readonly StackEventView[]): void {
    this.eventCount += events.length;
    this.events = [...this.events, ...events].slice(-PROGRESS_EVENT_LIMIT);
  }

  setStackStatus(status: string): void {
    this.stackStatus = status;
  }

  addFailures(failures: readonly StackFailure[]): void {
    this.failures = [...this.failures, ...failures];
  }

  /** verify's latest look at Kubernetes (query state only: no command, so no patch needed). */
  setKubernetes(kubernetes: KubernetesProgress): void {
    this.kubernetes = kubernetes;
  }

  /** The workflow finished: the last step is `done`. */
  completed(message?: string): void {
    this.begin('done');
    this.finish();
    this.outcome = 'completed';
    this.message = message;
  }

  /** The workflow is failing with `message`; records where. */
  failed(message: string): void {
    this.stoppedAt = this.current;
    this.endRunning('failed', message);
    this.outcome = 'failed';
    this.message = message;
  }

  /** The workflow was cancelled; nothing is undone, so the message says how to carry on. */
  cancelled(): void {
    this.stoppedAt = this.current;
    this.endRunning('failed', 'cancelled');
    this.outcome = 'cancelled';
    this.message = `cancelled during step ${this.current}; nothing was deleted. Run the command again to resume.`;
  }

  snapshot(): Progress {
    return {
      command: this.subject.command,
      clusterName: this.subject.clusterName,
      step: this.current,
      steps: this.steps.map((s) => ({ ...s })),
      ...(this.stackStatus === undefined ? {} : { stackStatus: this.stackStatus }),
      events: [...this.events],
      eventCount: this.eventCount,
      failures: [...this.failures],
      startedAt: this.startedAt.toISOString(),
      // Date.now() is workflow time: the time of the latest workflow task.
      elapsedSeconds: Math.max(0, Math.round((Date.now() - this.startedAt.getTime()) / 1000)),
      ...(this.message === undefined ? {} : { message: this.message }),
      outcome: this.outcome,
      ...(this.stoppedAt === undefined ? {} : { stoppedAt: this.stoppedAt }),
      ...(this.kubernetes === undefined ? {} : { kubernetes: this.kubernetes }),
    };
  }

  private moveTo(step: Step): void {
    // The constructor already set the first step; upsert only real changes.
    if (step === this.current) return;
    this.current = step;
    upsertSearchAttributes([{ key: STEP_KEY, value: step }]);
  }

  private running(): Mutable<StepState> | undefined {
    const last = this.steps[this.steps.length - 1];
    return last?.state === 'running' ? last : undefined;
  }

  private endRunning(state: 'done' | 'failed', detail?: string): void {
    const running = this.running();
    if (!running) return;
    running.state = state;
    running.endedAt = now();
    if (detail !== undefined) running.detail = running.detail === undefined ? detail : `${running.detail}; ${detail}`;
  }
}

function now(): string {
  return new Date().toISOString();
}
