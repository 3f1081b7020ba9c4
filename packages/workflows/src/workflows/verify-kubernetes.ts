/**
 * verify's Kubernetes half, after EC2 says the instances run (only under
 * `patched('verify-kubernetes')`: see verify-steps.ts):
 *
 *   observe (until the API server answers) → check every rendered client credential once →
 *   observe (until every node is Ready and kube-system is available) → report
 *
 * Each `observeKubernetes` call polls for up to 30 s and heartbeats, so the wait is many short
 * activities in history; the deadline is workflow time, so it survives a worker restart. Progress
 * carries the counts, the latest cause and the node table after every call, and for nodes that
 * have not registered, the boot units their EC2 console shows failed (the activity reads it).
 * Credential, 403 and certificate failures come from the activities as non-retryable failures and
 * end verify at once.
 */
import type { ClusterCredentialsReport, KubernetesSnapshot, NodeInstanceRef, NodeInstancesReport } from '@kube-aws/aws';
import type { KubeAwsActivities } from '@kube-aws/aws';
import { ActivityFailure, ApplicationFailure, proxyActivities, sleep, TimeoutFailure } from '@temporalio/workflow';
import type { KubernetesProgress, KubernetesReport } from '../contract.js';
import { PROGRESS_NOT_READY_LIMIT } from '../contract.js';
import { activities } from './activities.js';
import { credentialCheckOptions, OBSERVE_MAX_WAIT_SECONDS } from './activity-options.js';
import { kubernetesNotReady } from './failures.js';
import type { ProgressTracker } from './progress.js';

/** An observe call that came back sooner than this without news is followed by a pause (never a busy loop). */
const MIN_LOOK_MS = 1_000;

/** The node names verify waits for: the controller first, then the workers (as EC2 names them). */
function expectedNodes(report: NodeInstancesReport): string[] {
  return [report.controller?.nodeName ?? '', ...report.workers.map((w) => w.nodeName)].filter((n) => n !== '');
}

/** Their instances, so the activity can read the console of those that do not register. */
function nodeInstances(report: NodeInstancesReport): NodeInstanceRef[] {
  return [...(report.controller ? [report.controller] : []), ...report.workers]
    .filter((i) => i.nodeName !== '')
    .map(({ nodeName, instanceId }) => ({ nodeName, instanceId }));
}

function toProgress(s: KubernetesSnapshot, credentialsChecked: boolean): KubernetesProgress {
  const cause = s.cause ?? s.notReady[0];
  return {
    reachable: s.reachable,
    credentialsChecked,
    ready: s.ready,
    nodesReady: s.nodesReady,
    nodesExpected: s.nodesExpected,
    podsReady: s.podsReady,
    podsTotal: s.podsTotal,
    ...(cause === undefined ? {} : { cause }),
    nodes: s.nodes,
    notReady: s.notReady.slice(0, PROGRESS_NOT_READY_LIMIT),
    ...(s.bootFailures && s.bootFailures.length > 0 ? { bootFailures: s.bootFailures } : {}),
    observedAt: s.observedAt,
  };
}

function report(credentials: ClusterCredentialsReport, s: KubernetesSnapshot): KubernetesReport {
  return {
    server: credentials.server,
    serverName: credentials.serverName,
    credentials: credentials.credentials,
    nodes: s.nodes,
    nodesReady: s.nodesReady,
    nodesExpected: s.nodesExpected,
    workloads: s.workloads,
    podsReady: s.podsReady,
    podsTotal: s.podsTotal,
  };
}

/** The innermost ApplicationFailure's message (a timed-out retry loop keeps its last failure as cause). */
function lastFailureMessage(err: unknown): string | undefined {
  let message: string | undefined;
  for (let e = err, depth = 0; e instanceof Error && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ApplicationFailure) message = e.message;
  }
  return message;
}

/** Checks the credentials, bounded by the deadline; a deadline passed while retrying is KubernetesNotReady. */
async function checkCredentials(assetsUri: string, deadline: number, last: KubernetesSnapshot, timeoutSeconds: number): Promise<ClusterCredentialsReport> {
  const { checkClusterCredentials } = proxyActivities<KubeAwsActivities>(credentialCheckOptions(deadline - Date.now()));
  try {
    return await checkClusterCredentials({ assetsUri });
  } catch (err) {
    // Retries ran into the deadline (scheduleToClose): retry state TIMEOUT, with the last attempt's
    // failure (or a TimeoutFailure, when an attempt itself was cut off) as its cause.
    const timedOut = err instanceof ActivityFailure && (err.retryState === 'TIMEOUT' || err.cause instanceof TimeoutFailure);
    if (timedOut) throw kubernetesNotReady(last, timeoutSeconds, lastFailureMessage(err) ?? err.message);
    throw err; // a non-retryable failure (CredentialRejected …) or a cancellation, as it came
  }
}

export async function verifyKubernetes(
  progress: ProgressTracker,
  assetsUri: string,
  nodes: NodeInstancesReport,
  region: string,
  deadline: number,
  timeoutSeconds: number,
): Promise<KubernetesReport> {
  const expected = expectedNodes(nodes);
  const controllerNode = nodes.controller?.nodeName ?? '';
  // An activity input field, not a new command: histories recorded before it replay unchanged.
  const instances = { region, instances: nodeInstances(nodes) };
  let credentials: ClusterCredentialsReport | undefined;
  let last: KubernetesSnapshot | undefined;
  progress.note('waiting for the API server');
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw kubernetesNotReady(last, timeoutSeconds);
    const maxWaitSeconds = Math.max(1, Math.min(OBSERVE_MAX_WAIT_SECONDS, Math.ceil(left / 1000)));
    const lookedAt = Date.now();
    last = await activities.observeKubernetes({
      assetsUri,
      expectedNodes: expected,
      controllerNode,
      maxWaitSeconds,
      returnWhen: credentials ? 'ready' : 'reachable',
      nodeInstances: instances,
    });
    progress.setKubernetes(toProgress(last, credentials !== undefined));

    const checkNow = last.reachable && !credentials;
    if (checkNow) {
      credentials = await checkCredentials(assetsUri, deadline, last, timeoutSeconds);
      progress.setKubernetes(toProgress(last, true));
      progress.note(`${credentials.credentials.length} credentials authenticated`);
    }
    if (credentials && last.ready) return report(credentials, last);
    // Workflow time moves with each completed activity: a not-ready answer that came back at once
    // (an activity that ignored maxWaitSeconds) must not turn this loop into a busy one.
    if (!checkNow && Date.now() - lookedAt < MIN_LOOK_MS) await sleep(MIN_LOOK_MS);
  }
}
