/**
 * The status a kubelet reports for a pod bound to its node once the containers run: phase Running,
 * the readiness conditions, host and pod IPs, and a status per container (init containers
 * completed, restartable "sidecar" init containers running). A static pod whose process is down
 * is reported as the kubelet would report a crash-looping container: Running but not Ready.
 */
import { createHash } from 'node:crypto';

export interface Container {
  name: string;
  image?: string;
  restartPolicy?: string;
}

export interface PodObject {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec: { nodeName?: string; hostNetwork?: boolean; containers: Container[]; initContainers?: Container[] };
  status?: {
    phase?: string;
    podIP?: string;
    startTime?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready?: boolean }[];
  };
}

export interface PodRuntime {
  readonly hostIP: string;
  readonly podIP: string;
  /** The containers run (false: a static pod whose process is down). */
  readonly running: boolean;
  readonly now: string;
}

const hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The pod's status as the agent reports it (a strategic-merge patch body for pods/status). */
export function desiredPodStatus(pod: PodObject, rt: PodRuntime): Record<string, unknown> {
  const uid = pod.metadata.uid ?? pod.metadata.name;
  const startedAt = pod.status?.startTime ?? rt.now;
  const ready = rt.running ? 'True' : 'False';
  const notReady = rt.running ? {} : { reason: 'ContainersNotReady', message: 'containers with unready status: [' + pod.spec.containers.map((c) => c.name).join(' ') + ']' };
  const status = (c: Container, state: Record<string, unknown>, isReady: boolean): Record<string, unknown> => ({
    name: c.name,
    image: c.image ?? '',
    imageID: `${(c.image ?? 'image').replace(/[:@].*$/, '')}@sha256:${hex(c.image ?? c.name)}`,
    containerID: `containerd://${hex(`${uid}/${c.name}`)}`,
    ready: isReady,
    started: isReady,
    restartCount: 0,
    state,
  });
  const runningState = { running: { startedAt } };
  const downState = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting failed container (the sandbox process is not running)' } };
  return {
    phase: 'Running',
    hostIP: rt.hostIP,
    hostIPs: [{ ip: rt.hostIP }],
    podIP: rt.podIP,
    podIPs: [{ ip: rt.podIP }],
    startTime: startedAt,
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: startedAt },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: startedAt },
      { type: 'Ready', status: ready, lastProbeTime: null, lastTransitionTime: rt.now, ...notReady },
      { type: 'ContainersReady', status: ready, lastProbeTime: null, lastTransitionTime: rt.now, ...notReady },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: startedAt },
    ],
    initContainerStatuses: (pod.spec.initContainers ?? []).map((c) =>
      c.restartPolicy === 'Always'
        ? status(c, runningState, rt.running)
        : status(c, { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt: startedAt } }, true),
    ),
    containerStatuses: pod.spec.containers.map((c) => status(c, rt.running ? runningState : downState, rt.running)),
  };
}

/** The pod already shows what the agent would report (so no write is needed). */
export function statusIsCurrent(pod: PodObject, running: boolean, podIP: string): boolean {
  const s = pod.status;
  if (!s || s.phase !== 'Running' || s.podIP !== podIP) return false;
  const want = running ? 'True' : 'False';
  if (s.conditions?.find((c) => c.type === 'Ready')?.status !== want) return false;
  if (s.conditions?.find((c) => c.type === 'ContainersReady')?.status !== want) return false;
  const statuses = s.containerStatuses ?? [];
  return statuses.length === pod.spec.containers.length && statuses.every((c) => c.ready === running);
}
