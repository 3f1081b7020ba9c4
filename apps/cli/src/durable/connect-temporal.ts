/**
 * {@link TemporalSession} over `@temporalio/client`: one gRPC connection per CLI run, closed by the
 * command when it ends.
 */
import { PROGRESS_QUERY } from '@kube-aws/workflows';
import type { Progress } from '@kube-aws/workflows';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { TemporalUnreachableError } from '../errors.js';
import type { ExecutionInfo, StartRequest, TemporalSession } from './temporal-session.js';
import type { TemporalSettings } from './temporal-settings.js';

/** Memo key holding the invocation token of the CLI run that started a workflow. */
export const INVOCATION_MEMO_KEY = 'kubeAwsInvocation';

// temporal.api.enums.v1 values (the proto package is not a dependency of the CLI).
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/** A progress query that takes longer than this is skipped; the next poll asks again. */
const QUERY_TIMEOUT_MS = 10_000;

export async function connectTemporal(settings: TemporalSettings): Promise<TemporalSession> {
  let connection: Connection;
  try {
    connection = await Connection.connect(settings.connection);
  } catch (error) {
    throw new TemporalUnreachableError(settings.address, settings.namespace, error);
  }
  const client = new Client({ connection, namespace: settings.namespace });
  return new ClientSession(settings, connection, client);
}

function toExecutionInfo(d: WorkflowExecutionDescription): ExecutionInfo {
  const invocation = d.memo?.[INVOCATION_MEMO_KEY];
  return {
    workflowId: d.workflowId,
    runId: d.runId,
    type: d.type,
    status: d.status.name,
    startTime: d.startTime,
    ...(typeof invocation === 'string' ? { invocation } : {}),
  };
}

class ClientSession implements TemporalSession {
  readonly address: string;
  readonly namespace: string;

  constructor(
    settings: TemporalSettings,
    private readonly connection: Connection,
    private readonly client: Client,
  ) {
    this.address = settings.address;
    this.namespace = settings.namespace;
  }

  async workflowPollers(taskQueue: string): Promise<number> {
    const response = await this.client.workflowService.describeTaskQueue({
      namespace: this.namespace,
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
    });
    return response.pollers?.length ?? 0;
  }

  async describe(workflowId: string): Promise<ExecutionInfo | undefined> {
    try {
      return toExecutionInfo(await this.client.workflow.getHandle(workflowId).describe());
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  async start(request: StartRequest): Promise<ExecutionInfo> {
    const handle = await this.client.workflow.start(request.workflowType, {
      taskQueue: request.taskQueue,
      workflowId: request.workflowId,
      args: [request.input],
      // A running run of this ID is returned instead of an error: a second `up` attaches.
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A closed run (even a completed one) does not block a new run; the workflow finds the stack done.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      memo: { [INVOCATION_MEMO_KEY]: request.invocation },
    });
    const runId = handle.firstExecutionRunId;
    return toExecutionInfo(await this.client.workflow.getHandle(request.workflowId, runId).describe());
  }

  async queryProgress(workflowId: string, runId: string): Promise<Progress> {
    return this.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
      this.client.workflow.getHandle(workflowId, runId).query<Progress>(PROGRESS_QUERY),
    );
  }

  async result(workflowId: string, runId: string, signal: AbortSignal): Promise<unknown> {
    return this.client.withAbortSignal(signal, () => this.client.workflow.getHandle(workflowId, runId).result());
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
