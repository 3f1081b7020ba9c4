/**
 * Turns successive answers of the `progress` query into the lines a person has not seen yet: step
 * changes, stack events and messages, verify's counts and the nodes that did not join (with the
 * boot unit their console shows failed), each with its offset from the workflow's start. Pure, so the
 * format is tested without Temporal; the follow loop decides where the lines go.
 */
import type { KubernetesProgress, Progress, StepState } from '@kube-aws/workflows';
import type { BootUnitFailure, NodeBootFailure, StackEventView } from '@kube-aws/aws';

/** `+mm:ss` from the workflow's start (minutes keep counting past 59; a clock skew shows as `-`). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const total = Math.floor(Math.abs(ms) / 1000);
  const mm = String(Math.floor(total / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return `${sign}${mm}:${ss}`;
}

/** `mm:ss` of an elapsed time, for the spinner. */
export function formatElapsed(ms: number): string {
  return formatOffset(Math.max(0, ms)).slice(1);
}

function offsetFrom(startedAt: string, at: string): string {
  return formatOffset(Date.parse(at) - Date.parse(startedAt));
}

/** `+mm:ss  LogicalId  ResourceType  STATUS  reason`, columns padded so a stream of events lines up. */
export function formatStackEvent(startedAt: string, event: StackEventView): string {
  const columns = [
    offsetFrom(startedAt, event.timestamp),
    event.logicalId.padEnd(24),
    event.resourceType.padEnd(36),
    event.status.padEnd(20),
    event.reason ?? '',
  ];
  return columns.join('  ').trimEnd();
}

function formatStep(startedAt: string, step: StepState): string {
  const at = step.state === 'running' ? step.startedAt : (step.endedAt ?? step.startedAt);
  const detail = step.detail ? `: ${step.detail}` : '';
  return `${offsetFrom(startedAt, at)}  [${step.step}] ${step.state}${detail}`;
}

/** verify's counts and latest cause, as one line: what it waits for, and why it is not there yet. */
export function formatKubernetes(k: KubernetesProgress): string {
  if (!k.reachable) return `kubernetes: API server not reachable yet${k.cause ? ` — ${k.cause}` : ''}`;
  const counts = `kubernetes: nodes ${k.nodesReady}/${k.nodesExpected} Ready, kube-system pods ${k.podsReady}/${k.podsTotal} available`;
  if (k.ready) return `${counts}${k.credentialsChecked ? ', credentials OK' : ''}`;
  return `${counts}${k.cause ? ` — waiting for: ${k.cause}` : ''}`;
}

/** `kube-aws-decrypt-assets.service failed (status=1): <last line>` (the activity's words). */
function formatUnitFailure(u: BootUnitFailure): string {
  const why = [u.result && u.result !== 'exit-code' ? `result=${u.result}` : '', u.status ? `status=${u.status}` : ''].filter((w) => w !== '');
  const last = u.lastLines[u.lastLines.length - 1];
  return `${u.unit} failed${why.length > 0 ? ` (${why.join(', ')})` : ''}${last ? `: ${last}` : ''}`;
}

/**
 * Why a node did not join, from its EC2 console:
 * `ip-10-0-0-51.us-west-1.compute.internal (i-0abc…): not registered — kube-aws-decrypt-assets.service failed (status=1): <last line>`.
 */
export function formatBootFailure(f: NodeBootFailure): string {
  return `${f.nodeName} (${f.instanceId}): not registered — ${f.units.map(formatUnitFailure).join('; ')}`;
}

export class ProgressRenderer {
  /** The last state printed for each entry of `steps` (by position: a step may run twice, e.g. delete then create). */
  private readonly stepStates: string[] = [];
  private eventsSeen = 0;
  private lastMessage: string | undefined;
  private lastKubernetes: string | undefined;
  /** The boot-failure line last printed per instance. */
  private readonly lastBootFailure = new Map<string, string>();

  /** The lines that are new since the previous call. */
  update(progress: Progress): string[] {
    const lines: string[] = [];
    progress.steps.forEach((step, i) => {
      if (this.stepStates[i] === step.state) return;
      this.stepStates[i] = step.state;
      lines.push(formatStep(progress.startedAt, step));
    });

    // `events` holds only the most recent ones; `eventCount` says how many exist in all.
    const fresh = progress.eventCount - this.eventsSeen;
    if (fresh > 0) {
      const shown = progress.events.slice(Math.max(0, progress.events.length - fresh));
      const missed = fresh - shown.length;
      if (missed > 0) lines.push(`         … ${missed} earlier stack event${missed === 1 ? '' : 's'} not shown`);
      for (const event of shown) lines.push(formatStackEvent(progress.startedAt, event));
      this.eventsSeen = progress.eventCount;
    }

    // A line whenever the counts or the cause change; the same answer again prints nothing.
    if (progress.kubernetes) {
      const line = formatKubernetes(progress.kubernetes);
      if (line !== this.lastKubernetes) lines.push(`${offsetFrom(progress.startedAt, progress.kubernetes.observedAt)}  ${line}`);
      this.lastKubernetes = line;
      // A node that did not join, with the unit its console shows failed: once, and again when it changes.
      for (const failure of progress.kubernetes.bootFailures ?? []) {
        const text = formatBootFailure(failure);
        if (this.lastBootFailure.get(failure.instanceId) === text) continue;
        this.lastBootFailure.set(failure.instanceId, text);
        lines.push(`${offsetFrom(progress.startedAt, progress.kubernetes.observedAt)}  ${text}`);
      }
    }

    if (progress.message && progress.message !== this.lastMessage) {
      lines.push(`${formatOffset(progress.elapsedSeconds * 1000)}  ${progress.message}`);
    }
    this.lastMessage = progress.message;
    return lines;
  }
}

/** The spinner's text: the current step, the stack's status (or verify's counts), and the elapsed time. */
export function statusText(progress: Progress, nowMs: number): string {
  const k = progress.step === 'verify' ? progress.kubernetes : undefined;
  const detail = k
    ? k.reachable
      ? ` (nodes ${k.nodesReady}/${k.nodesExpected}, pods ${k.podsReady}/${k.podsTotal})`
      : ' (waiting for the API server)'
    : progress.stackStatus
      ? ` (${progress.stackStatus})`
      : '';
  return `${progress.step}${detail}  ${formatElapsed(nowMs - Date.parse(progress.startedAt))}`;
}
