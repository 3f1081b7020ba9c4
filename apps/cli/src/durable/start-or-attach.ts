/**
 * One mutating operation per cluster. The cluster's workflow ID is the lock: the same command
 * attaches to its running run, a different one is refused, and a closed run never blocks a new one.
 *
 * Temporal's USE_EXISTING policy returns a running run whatever its type, and the client does not
 * say whether it started or found the run; so the CLI looks before it starts (a different type is
 * refused without touching it), looks again at what it got (a race with another CLI), and tells
 * "started" from "attached" by the invocation token it put in the memo.
 */
import { ClusterBusyError } from '../errors.js';
import type { ExecutionInfo, StartRequest, TemporalSession } from './temporal-session.js';

export interface StartOutcome {
  readonly execution: ExecutionInfo;
  /** true when the run was already there (started by an earlier invocation). */
  readonly attached: boolean;
}

export interface BusyContext {
  readonly clusterName: string;
  /** The UI link of the busy workflow ID, for the refusal message. */
  readonly uiUrl: string;
  /** The command line to run again later, e.g. `kube-aws destroy`. */
  readonly commandLine: string;
}

export async function startOrAttach(session: TemporalSession, request: StartRequest, busy: BusyContext): Promise<StartOutcome> {
  const refuse = (running: ExecutionInfo): ClusterBusyError =>
    new ClusterBusyError(busy.clusterName, running.type, running.workflowId, busy.uiUrl, busy.commandLine);

  const current = await session.describe(request.workflowId);
  if (current?.status === 'RUNNING' && current.type !== request.workflowType) throw refuse(current);

  const execution = await session.start(request);
  // Another CLI started a different command between our look and our start.
  if (execution.type !== request.workflowType) throw refuse(execution);
  return { execution, attached: execution.invocation !== request.invocation };
}
