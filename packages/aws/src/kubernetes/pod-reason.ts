/**
 * Why a pod is not Ready, in the words the cluster uses: the scheduler's message for a Pending pod
 * (`Unschedulable: 0/3 nodes are available: …`), a container's waiting or terminated reason
 * (`ImagePullBackOff: …`, `CrashLoopBackOff`, `Error (exit 1)`), or the Ready condition's reason.
 */
import type { V1ContainerStatus, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { shorten } from './text.js';

function podCondition(pod: V1Pod, type: string): V1PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: V1Pod): boolean {
  return !pod.metadata?.deletionTimestamp && podCondition(pod, 'Ready')?.status === 'True';
}

function joined(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join(': ');
}

function containerReason(statuses: readonly V1ContainerStatus[] | undefined, init: boolean): string | undefined {
  for (const s of statuses ?? []) {
    const label = `${init ? 'init container' : 'container'} ${s.name}`;
    if (s.state?.waiting?.reason) return `${label}: ${joined(s.state.waiting.reason, s.state.waiting.message)}`;
    const terminated = s.state?.terminated;
    if (terminated && !(init && terminated.exitCode === 0)) {
      return `${label}: ${terminated.reason ?? 'Terminated'} (exit ${terminated.exitCode})${terminated.message ? `: ${terminated.message}` : ''}`;
    }
    if (!init && s.state?.running && !s.ready) return `${label}: running, not ready (its readiness probe fails)`;
  }
  return undefined;
}

/** The reason a pod is not Ready (the pod's name and node first), or undefined when it is. */
export function podNotReadyReason(pod: V1Pod): string | undefined {
  if (isPodReady(pod)) return undefined;
  const name = pod.metadata?.name ?? '?';
  const where = pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : '';
  const phase = pod.status?.phase ?? 'Unknown';
  let reason: string;
  if (pod.metadata?.deletionTimestamp) {
    reason = 'Terminating';
  } else {
    const scheduled = podCondition(pod, 'PodScheduled');
    if (phase === 'Pending' && scheduled?.status === 'False') {
      reason = `Pending: ${joined(scheduled.reason, scheduled.message)}`;
    } else {
      const ready = podCondition(pod, 'Ready');
      reason =
        containerReason(pod.status?.initContainerStatuses, true) ??
        containerReason(pod.status?.containerStatuses, false) ??
        (phase === 'Failed' || pod.status?.reason ? `${phase}: ${joined(pod.status?.reason, pod.status?.message)}` : undefined) ??
        `${phase}${ready ? `, Ready=${ready.status}${ready.reason ? ` (${joined(ready.reason, ready.message)})` : ''}` : ''}`;
    }
  }
  return shorten(`pod ${name}${where}: ${reason}`);
}
