/**
 * A scripted stand-in for the CLI's Temporal boundary ({@link TemporalSession}): workflow runs by
 * ID, pollers on the task queue, a queue of `progress` answers and a result the test settles. It
 * keeps the rules the real server has for what the CLI relies on: USE_EXISTING returns a running
 * run whatever its type, a closed run does not block a new one, the memo comes back from describe.
 */
import type { Progress } from '@kube-aws/workflows';
import type { ExecutionInfo, StartRequest, TemporalSession } from '../../src/durable/temporal-session.js';

interface Run extends ExecutionInfo {
  readonly input: unknown;
}

export class FakeTemporal implements TemporalSession {
  readonly address = '127.0.0.1:7233';
  readonly namespace = 'default';
  /** What `workflowPollers` answers, call by call; the last value repeats. */
  pollerAnswers: number[] = [1];
  pollerCalls = 0;
  readonly runs = new Map<string, Run>();
  readonly starts: StartRequest[] = [];
  /** `progress` answers, one per query; the last repeats. */
  progress: Progress[] = [];
  queries = 0;
  /** Called on each query (after it is counted), e.g. to press Ctrl-C or to settle the result. */
  onQuery: (n: number) => void = () => undefined;
  closed = false;
  resultSignal: AbortSignal | undefined;
  private settle: { resolve: (v: unknown) => void; reject: (e: unknown) => void } | undefined;
  private readonly result$: Promise<unknown>;
  private runCounter = 0;

  constructor() {
    this.result$ = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.result$.catch(() => undefined); // settled failures are read by result()
  }

  /** A run that is already there (started by "another CLI"). */
  addRun(workflowId: string, type: string, status = 'RUNNING', invocation = 'someone-else'): Run {
    const run: Run = { workflowId, runId: `run-${++this.runCounter}`, type, status, startTime: new Date('2026-01-01T10:00:00Z'), invocation, input: undefined };
    this.runs.set(workflowId, run);
    return run;
  }

  complete(value: unknown): void {
    this.settle?.resolve(value);
  }

  fail(error: unknown): void {
    this.settle?.reject(error);
  }

  async workflowPollers(): Promise<number> {
    const answer = this.pollerAnswers[Math.min(this.pollerCalls, this.pollerAnswers.length - 1)] ?? 0;
    this.pollerCalls++;
    return answer;
  }

  async describe(workflowId: string): Promise<ExecutionInfo | undefined> {
    return this.runs.get(workflowId);
  }

  async start(request: StartRequest): Promise<ExecutionInfo> {
    this.starts.push(request);
    const current = this.runs.get(request.workflowId);
    if (current?.status === 'RUNNING') return current; // USE_EXISTING, whatever its type
    const run: Run = {
      workflowId: request.workflowId,
      runId: `run-${++this.runCounter}`,
      type: request.workflowType,
      status: 'RUNNING',
      startTime: new Date('2026-01-01T10:00:00Z'),
      invocation: request.invocation,
      input: request.input,
    };
    this.runs.set(request.workflowId, run);
    return run;
  }

  async queryProgress(): Promise<Progress> {
    const n = ++this.queries;
    const answer = this.progress[Math.min(n - 1, this.progress.length - 1)];
    this.onQuery(n);
    if (!answer) throw new Error('no progress scripted');
    return answer;
  }

  result(_workflowId: string, _runId: string, signal: AbortSignal): Promise<unknown> {
    this.resultSignal = signal;
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      this.result$.then(resolve, reject);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A progress answer with the seed cluster's defaults. */
export function progressOf(overrides: Partial<Progress> = {}): Progress {
  return {
    command: 'up',
    clusterName: 'kube-cluster',
    step: 'validate',
    steps: [],
    events: [],
    eventCount: 0,
    failures: [],
    startedAt: '2026-01-01T10:00:00.000Z',
    elapsedSeconds: 0,
    ...overrides,
  };
}
