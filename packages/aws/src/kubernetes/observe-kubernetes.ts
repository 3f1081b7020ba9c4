/**
 * `observeKubernetes`: look at the cluster with the admin kubeconfig until every expected node is
 * Ready and kube-system's workloads are available (or, with `returnWhen: 'reachable'`, until the
 * API server answers), polling with backoff (1 s doubling to 10 s) and heartbeating each poll; at
 * `maxWaitSeconds` return the latest snapshot, ready or not. The workflow calls it again until its
 * own deadline, so a wait is many short activities, each one in history.
 *
 * A server that does not answer is a snapshot (`reachable: false` with the cause), not an error:
 * the workflow shows the cause and keeps waiting. A credential or certificate problem is an error
 * no waiting fixes, and fails at once.
 *
 * For an expected node that has not registered (every node, while the server does not answer),
 * the instance's console output is read for failed boot units when the input names the instances
 * (`nodeInstances`): the snapshot's `bootFailures`, and the node's `notReady` line names the unit.
 */
import type { KubernetesSnapshot, NodeBootFailure, NodeInstanceRef, ObserveKubernetesInput } from '../contract.js';
import type { AssetStore } from '../assets/asset-store.js';
import { activitySignal, heartbeat } from '../shared/heartbeat.js';
import type { ClusterAccess } from './cluster-access.js';
import { readClusterAccess } from './cluster-access.js';
import type { KubeDeps } from './check-cluster-credentials.js';
import type { ClusterObjects, ExpectedCluster, Observation } from './cluster-snapshot.js';
import { snapshotOf, unreachableSnapshot, unregisteredNodes } from './cluster-snapshot.js';
import { KUBE_SYSTEM, readExpectedWorkloads } from './expected-workloads.js';
import { KubeClient } from './kube-client.js';
import type { KubeConnection } from './kube-connection.js';
import { resolveConnection } from './kube-connection.js';
import { viewKubeError } from './kube-error.js';
import { kubeFailure } from './kube-failure.js';

export const FIRST_POLL_MS = 1_000;
export const MAX_POLL_MS = 10_000;

export interface ObserveDeps extends KubeDeps {
  /** Waits `ms` (rejects when the signal aborts); setTimeout by default. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Reads the cluster's objects over a connection (tests fake the HTTP boundary here). */
  readonly read?: (connection: KubeConnection, access: ClusterAccess) => Promise<ClusterObjects>;
  /**
   * The failed boot units of instances whose nodes have not registered, from their console output
   * (a `ConsoleWatch` over `ec2:GetConsoleOutput` in the activity; bounded, never throwing).
   * Without it no console is read.
   */
  readonly bootFailures?: (instances: readonly NodeInstanceRef[], region: string) => Promise<readonly NodeBootFailure[]>;
}

/** What the consoles of the named nodes (not registered) showed; nothing when they cannot be read. */
type BootFailureLook = (nodeNames: readonly string[]) => Promise<readonly NodeBootFailure[]>;

function bootFailureLook(input: ObserveKubernetesInput, deps: ObserveDeps): BootFailureLook {
  const look = deps.bootFailures;
  const known = input.nodeInstances;
  if (!look || !known) return async () => [];
  return async (nodeNames) => {
    const instances = known.instances.filter((i) => nodeNames.includes(i.nodeName));
    if (instances.length === 0) return [];
    try {
      return await look(instances, known.region);
    } catch {
      return []; // a diagnosis only: it never fails verify
    }
  };
}

/** The four lists a snapshot needs, with the admin credential. */
export async function readClusterObjects(connection: KubeConnection, access: ClusterAccess, timeoutMs?: number): Promise<ClusterObjects> {
  const client = new KubeClient(connection, access.target.caPem, access.admin, timeoutMs);
  const [nodes, deployments, daemonSets, pods] = await Promise.all([
    client.listNodes(),
    client.listDeployments(KUBE_SYSTEM),
    client.listDaemonSets(KUBE_SYSTEM),
    client.listPods(KUBE_SYSTEM),
  ]);
  return { nodes, deployments, daemonSets, pods };
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function observeOnce(access: ClusterAccess, expected: ExpectedCluster, deps: ObserveDeps, bootFailures: BootFailureLook): Promise<Observation> {
  const connection = await resolveConnection(access.target, deps.endpoints);
  const read = deps.read ?? ((c: KubeConnection, a: ClusterAccess) => readClusterObjects(c, a, deps.requestTimeoutMs));
  let objects: ClusterObjects;
  try {
    objects = await read(connection, access);
  } catch (error) {
    const view = viewKubeError(error, connection);
    if (view.kind === 'unreachable' || view.kind === 'unexpected') {
      // No node can be seen registered: every node's console may tell why (a controller that
      // failed to boot is why the API server does not answer).
      return unreachableSnapshot(expected, view.cause, deps.now(), await bootFailures(expected.nodes));
    }
    throw kubeFailure(error, view, { connection, target: access.target, credential: access.admin, call: 'list nodes and kube-system workloads', now: deps.now() });
  }
  return snapshotOf(objects, expected, deps.now(), await bootFailures(unregisteredNodes(objects, expected)));
}

export async function observeKubernetes(store: AssetStore, input: ObserveKubernetesInput, deps: ObserveDeps): Promise<KubernetesSnapshot> {
  const access = await readClusterAccess(store);
  const expected: ExpectedCluster = { nodes: input.expectedNodes, controllerNode: input.controllerNode, workloads: await readExpectedWorkloads(store) };
  const sleep = deps.sleep ?? defaultSleep;
  const deadline = deps.now().getTime() + Math.max(0, input.maxWaitSeconds) * 1000;
  const done = (s: Observation): boolean => s.ready || (input.returnWhen === 'reachable' && s.reachable);
  const bootFailures = bootFailureLook(input, deps);
  let delay = FIRST_POLL_MS;
  for (let polls = 1; ; polls++) {
    const snapshot = await observeOnce(access, expected, deps, bootFailures);
    heartbeat({
      poll: polls,
      reachable: snapshot.reachable,
      nodes: `${snapshot.nodesReady}/${snapshot.nodesExpected}`,
      pods: `${snapshot.podsReady}/${snapshot.podsTotal}`,
      ...(snapshot.notReady[0] === undefined ? {} : { cause: snapshot.notReady[0] }),
    });
    const left = deadline - deps.now().getTime();
    if (done(snapshot) || left <= 0) return { ...snapshot, polls };
    await sleep(Math.min(delay, left), activitySignal());
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}
