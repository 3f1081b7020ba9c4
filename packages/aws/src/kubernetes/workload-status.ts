/**
 * kube-system's workloads against what the userdata deploys: each Deployment's available replicas
 * against spec.replicas, each DaemonSet's available pods against desiredNumberScheduled (which
 * must be above zero: a DaemonSet with no node to run on is not running), and each static pod's
 * mirror pod `<name>-<controller node>` Ready. For what is short, the reasons of its pods.
 */
import type { V1DaemonSet, V1Deployment, V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import type { KubeWorkloadStatus } from '../contract.js';
import type { ExpectedWorkload } from './expected-workloads.js';
import { isPodReady, podNotReadyReason } from './pod-reason.js';
import { shorten } from './text.js';

export interface KubeSystemObjects {
  readonly deployments: readonly V1Deployment[];
  readonly daemonSets: readonly V1DaemonSet[];
  readonly pods: readonly V1Pod[];
}

/** Pod reasons shown per workload: enough to see the cause, short enough for a progress line. */
const REASONS_PER_WORKLOAD = 2;

/** Whether `labels` match a label selector (matchLabels and matchExpressions, as the API server does). */
export function selects(selector: V1LabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (have[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const value = have[e.key];
    const values = e.values ?? [];
    const ok =
      e.operator === 'In' ? value !== undefined && values.includes(value)
      : e.operator === 'NotIn' ? value === undefined || !values.includes(value)
      : e.operator === 'Exists' ? value !== undefined
      : e.operator === 'DoesNotExist' ? value === undefined
      : false;
    if (!ok) return false;
  }
  return Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0;
}

function podReasons(pods: readonly V1Pod[], selector: V1LabelSelector | undefined): string[] {
  const reasons = pods.filter((p) => selects(selector, p.metadata?.labels) && !isPodReady(p)).flatMap((p) => podNotReadyReason(p) ?? []);
  return reasons.slice(0, REASONS_PER_WORKLOAD);
}

function notCreated(expected: ExpectedWorkload | undefined, controllerNode: string): string {
  if (expected?.kind === 'StaticPod') return `no mirror pod yet (the kubelet on ${controllerNode} has not started ${expected.source}, or not registered it)`;
  return expected
    ? `not created yet (kube-aws-addons.service on the controller applies ${expected.source})`
    : 'not created yet';
}

function deploymentStatus(d: V1Deployment | undefined, expected: ExpectedWorkload | undefined, pods: readonly V1Pod[], controllerNode: string): KubeWorkloadStatus {
  const name = d?.metadata?.name ?? expected?.name ?? '?';
  if (!d) return { kind: 'Deployment', name, ready: 0, desired: expected?.replicas ?? 1, reason: notCreated(expected, controllerNode) };
  const desired = d.spec?.replicas ?? 1;
  const ready = d.status?.availableReplicas ?? 0;
  if (ready >= desired) return { kind: 'Deployment', name, ready, desired };
  const reasons = podReasons(pods, d.spec?.selector);
  if (reasons.length === 0) {
    const failure = d.status?.conditions?.find((c) => (c.type === 'ReplicaFailure' && c.status === 'True') || (c.type === 'Available' && c.status === 'False'));
    reasons.push(failure?.message ? `${failure.type}: ${failure.message}` : 'no pods yet');
  }
  return { kind: 'Deployment', name, ready, desired, reason: shorten(reasons.join('; ')) };
}

function daemonSetStatus(ds: V1DaemonSet | undefined, expected: ExpectedWorkload | undefined, pods: readonly V1Pod[], controllerNode: string): KubeWorkloadStatus {
  const name = ds?.metadata?.name ?? expected?.name ?? '?';
  if (!ds) return { kind: 'DaemonSet', name, ready: 0, desired: 1, reason: notCreated(expected, controllerNode) };
  const desired = ds.status?.desiredNumberScheduled ?? 0;
  const ready = ds.status?.numberAvailable ?? 0;
  if (desired > 0 && ready >= desired) return { kind: 'DaemonSet', name, ready, desired };
  if (desired === 0) return { kind: 'DaemonSet', name, ready: 0, desired: 1, reason: 'no node to run on yet (desiredNumberScheduled is 0: no Ready node matches its selector and tolerations)' };
  const reasons = podReasons(pods, ds.spec?.selector);
  return { kind: 'DaemonSet', name, ready, desired, reason: shorten(reasons.length > 0 ? reasons.join('; ') : `${ready} of ${desired} pods available`) };
}

function staticPodStatus(expected: ExpectedWorkload, pods: readonly V1Pod[], controllerNode: string): KubeWorkloadStatus {
  const mirror = `${expected.name}-${controllerNode}`;
  const pod = pods.find((p) => p.metadata?.name === mirror);
  if (!pod) return { kind: 'StaticPod', name: mirror, ready: 0, desired: 1, reason: notCreated(expected, controllerNode) };
  if (isPodReady(pod)) return { kind: 'StaticPod', name: mirror, ready: 1, desired: 1 };
  return { kind: 'StaticPod', name: mirror, ready: 0, desired: 1, reason: podNotReadyReason(pod) ?? 'not Ready' };
}

/** Every expected workload, then any other kube-system Deployment or DaemonSet the cluster has. */
export function workloadStatuses(expected: readonly ExpectedWorkload[], objects: KubeSystemObjects, controllerNode: string): KubeWorkloadStatus[] {
  const deployments = new Map(objects.deployments.map((d) => [d.metadata?.name ?? '', d]));
  const daemonSets = new Map(objects.daemonSets.map((d) => [d.metadata?.name ?? '', d]));
  const statuses: KubeWorkloadStatus[] = [];
  for (const e of expected) {
    if (e.kind === 'StaticPod') statuses.push(staticPodStatus(e, objects.pods, controllerNode));
    if (e.kind === 'Deployment') statuses.push(deploymentStatus(deployments.get(e.name), e, objects.pods, controllerNode));
    if (e.kind === 'DaemonSet') statuses.push(daemonSetStatus(daemonSets.get(e.name), e, objects.pods, controllerNode));
  }
  const known = (kind: ExpectedWorkload['kind'], name: string): boolean => expected.some((e) => e.kind === kind && e.name === name);
  for (const [name, d] of [...deployments].sort(([a], [b]) => a.localeCompare(b))) {
    if (!known('Deployment', name)) statuses.push(deploymentStatus(d, undefined, objects.pods, controllerNode));
  }
  for (const [name, ds] of [...daemonSets].sort(([a], [b]) => a.localeCompare(b))) {
    if (!known('DaemonSet', name)) statuses.push(daemonSetStatus(ds, undefined, objects.pods, controllerNode));
  }
  return statuses;
}
