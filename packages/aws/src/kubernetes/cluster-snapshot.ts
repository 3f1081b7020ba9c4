/**
 * One look at the cluster as a {@link KubernetesSnapshot}: the node table, expected nodes Ready,
 * kube-system workloads available, and a line for everything that is not, with its reason (for a
 * node not registered, the boot units its console showed failed, when it showed any).
 */
import type { V1Node } from '@kubernetes/client-node';
import type { KubernetesSnapshot, NodeBootFailure } from '../contract.js';
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

/** The expected nodes `objects` has no Node for: the ones whose console is worth reading. */
export function unregisteredNodes(objects: ClusterObjects, expected: ExpectedCluster): string[] {
  const registered = new Set(objects.nodes.map((n) => n.metadata?.name ?? ''));
  return expected.nodes.filter((name) => !registered.has(name));
}

function byNode(bootFailures: readonly NodeBootFailure[]): Map<string, NodeBootFailure> {
  return new Map(bootFailures.map((f) => [f.nodeName, f]));
}

/** `bootFailures`: what the consoles of nodes not registered showed (see ConsoleWatch). */
export function snapshotOf(objects: ClusterObjects, expected: ExpectedCluster, now: Date, bootFailures: readonly NodeBootFailure[] = []): Observation {
  const byName = new Map(objects.nodes.map((n) => [n.metadata?.name ?? '', n]));
  const rows = [...objects.nodes].map((n) => nodeRow(n, now.getTime())).sort((a, b) => a.name.localeCompare(b.name));
  const nodesReady = expected.nodes.filter((name) => {
    const node = byName.get(name);
    return node !== undefined && isNodeReady(node);
  }).length;
  const workloads = workloadStatuses(expected.workloads, objects, expected.controllerNode);
  // Only nodes that are not registered: a registered node's own conditions say more.
  const failures = byNode(bootFailures.filter((f) => !byName.has(f.nodeName)));
  const notReady = [
    ...expected.nodes.flatMap((name) => nodeNotReadyReason(name, byName.get(name), failures.get(name)) ?? []),
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
    ...(failures.size === 0 ? {} : { bootFailures: [...failures.values()] }),
    observedAt: now.toISOString(),
  };
}

/**
 * The snapshot of an API server that did not answer: nothing known but the cause, and what the
 * consoles of the nodes showed (none can be seen registered, so all were looked at).
 */
export function unreachableSnapshot(expected: ExpectedCluster, cause: string, now: Date, bootFailures: readonly NodeBootFailure[] = []): Observation {
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
    notReady: [`API server: ${cause}`, ...bootFailures.flatMap((f) => nodeNotReadyReason(f.nodeName, undefined, f) ?? [])],
    ...(bootFailures.length === 0 ? {} : { bootFailures }),
    observedAt: now.toISOString(),
  };
}
