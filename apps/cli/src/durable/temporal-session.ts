/**
 * The CLI's whole view of Temporal, as one small interface: what the durable commands need and
 * nothing more. `connectTemporal` implements it over `@temporalio/client`; tests implement it with
 * a fake, so start-or-attach, progress, detach and exit codes are tested without a server.
 */
import type { Progress } from '@kube-aws/workflows';

/** One run of a workflow ID, as `describe` reports it. */
export interface ExecutionInfo {
  readonly workflowId: string;
  readonly runId: string;
  /** Workflow type name, e.g. `upWorkflow`. */
  readonly type: string;
  /** `RUNNING`, `COMPLETED`, `FAILED`, `TIMED_OUT`, `CANCELLED`, `TERMINATED`, `CONTINUED_AS_NEW`. */
  readonly status: string;
  readonly startTime: Date;
  /** The memo's invocation token: which CLI invocation started this run. */
  readonly invocation?: string;
}

export interface StartRequest {
  readonly workflowType: string;
  readonly workflowId: string;
  readonly taskQueue: string;
  readonly input: unknown;
  /** Random per CLI invocation; stored in the memo so the CLI can tell "started" from "attached". */
  readonly invocation: string;
}

export interface TemporalSession {
  /** `host:port` of the frontend, for messages. */
  readonly address: string;
  readonly namespace: string;
  /** How many workers polled the task queue's workflow tasks recently (DescribeTaskQueue). */
  workflowPollers(taskQueue: string): Promise<number>;
  /** The latest run of a workflow ID, or undefined when the ID was never used. */
  describe(workflowId: string): Promise<ExecutionInfo | undefined>;
  /**
   * Starts the workflow with conflict policy USE_EXISTING (a running run of the ID is returned
   * instead) and reuse policy ALLOW_DUPLICATE, and returns the run the ID now has.
   */
  start(request: StartRequest): Promise<ExecutionInfo>;
  /** The `progress` query of a run. */
  queryProgress(workflowId: string, runId: string): Promise<Progress>;
  /** Waits for the run's result; rejects with the client's WorkflowFailedError on failure, or when `signal` aborts. */
  result(workflowId: string, runId: string, signal: AbortSignal): Promise<unknown>;
  close(): Promise<void>;
}
