/**
 * One look at the cluster as a {@link KubernetesSnapshot}: the node table, expected nodes Ready,
 * kube-system workloads available, and a line for everything that is not, with its reason.
 */
import type { V1Node } from '@kubernetes/client-node';
import type { KubernetesSnapshot } from '../contract.js';
import type { ExpectedWorkload } from './expected-workloads.js';
import { isNodeReady, nodeNotReadyReason, nodeRow } from './node-status.js';
import type { KubeSystemObjects } from './workload-status.js';
import { workloadStatuses } from './workload-status.js';

export interface ClusterObjects extends KubeSystemObjects {
  readonly nodes: readonly V1Node[];
}

export interface ExpectedCluster {
  /** Controller first, then the workers (EC2's view). */
  readonly nodes: readonly string[];
  readonly controllerNode: string;
  readonly workloads: readonly ExpectedWorkload[];
}

export type Observation = Omit<KubernetesSnapshot, 'polls'>;

export function snapshotOf(objects: ClusterObjects, expected: ExpectedCluster, now: Date): Observation {
  const byName = new Map(objects.nodes.map((n) => [n.metadata?.name ?? '', n]));
  const rows = [...objects.nodes].map((n) => nodeRow(n, now.getTime())).sort((a, b) => a.name.localeCompare(b.name));
  const nodesReady = expected.nodes.filter((name) => {
    const node = byName.get(name);
    return node !== undefined && isNodeReady(node);
  }).length;
  const workloads = workloadStatuses(expected.workloads, objects, expected.controllerNode);
  const notReady = [
    ...expected.nodes.flatMap((name) => nodeNotReadyReason(name, byName.get(name)) ?? []),
    ...workloads.filter((w) => w.reason !== undefined).map((w) => `${w.kind} ${w.name}: ${w.ready}/${w.desired} ready — ${w.reason}`),
  ];
  return {
    reachable: true,
    ready: nodesReady === expected.nodes.length && workloads.every((w) => w.reason === undefined),
    nodes: rows,
    nodesReady,
    nodesExpected: expected.nodes.length,
    workloads,
    podsReady: workloads.reduce((sum, w) => sum + Math.min(w.ready, w.desired), 0),
    podsTotal: workloads.reduce((sum, w) => sum + w.desired, 0),
    notReady,
    observedAt: now.toISOString(),
  };
}

/** The snapshot of an API server that did not answer: nothing known but the cause. */
export function unreachableSnapshot(expected: ExpectedCluster, cause: string, now: Date): Observation {
  const podsTotal = expected.workloads.reduce((sum, w) => sum + (w.kind === 'Deployment' ? (w.replicas ?? 1) : 1), 0);
  return {
    reachable: false,
    cause,
    ready: false,
    nodes: [],
    nodesReady: 0,
    nodesExpected: expected.nodes.length,
    workloads: [],
    podsReady: 0,
    podsTotal,
    notReady: [`API server: ${cause}`],
    observedAt: now.toISOString(),
  };
}
