/**
 * The `verify` step: poll EC2 (with backoff) until the controller and `workerCount` workers run,
 * then (runs started since the `verify-kubernetes` patch) wait for Kubernetes itself: the API
 * server answers, every rendered credential authenticates, every node is Ready and kube-system is
 * available (verify-kubernetes.ts). One deadline, in workflow time, covers both halves.
 */
import type { ClusterSummary, NodeInstancesReport } from '@kube-aws/aws';
import { patched, sleep } from '@temporalio/workflow';
import type { KubernetesReport } from '../contract.js';
import { activities } from './activities.js';
import { nodesNotReady } from './failures.js';
import type { ProgressTracker } from './progress.js';
import { verifyKubernetes } from './verify-kubernetes.js';

/** How long verify waits for the nodes unless the caller says otherwise. */
export const DEFAULT_VERIFY_TIMEOUT_SECONDS = 15 * 60;
const FIRST_POLL_MS = 2_000;
const MAX_POLL_MS = 30_000;
/**
 * The patch that added the Kubernetes checks: runs recorded before it (no marker in their
 * history) replay without them. See README, Versioning.
 */
export const VERIFY_KUBERNETES_PATCH = 'verify-kubernetes';

export interface VerifyOutcome {
  readonly nodes: NodeInstancesReport;
  /** Absent for runs that started before the Kubernetes checks existed. */
  readonly kubernetes?: KubernetesReport;
}

function isReady(report: NodeInstancesReport, workerCount: number): boolean {
  const running = report.workers.filter((w) => w.state === 'running').length;
  return report.controller?.state === 'running' && running >= workerCount;
}

/** Waits for the nodes, then for Kubernetes; throws `NodesNotReady` or `KubernetesNotReady` at the deadline. */
export async function verifyNodes(
  progress: ProgressTracker,
  cluster: ClusterSummary,
  assetsUri: string,
  timeoutSeconds = DEFAULT_VERIFY_TIMEOUT_SECONDS,
): Promise<VerifyOutcome> {
  progress.begin('verify');
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = FIRST_POLL_MS;
  for (;;) {
    const report = await activities.describeNodeInstances({ assetsUri, stackName: cluster.stackName });
    if (isReady(report, cluster.workerCount)) {
      if (patched(VERIFY_KUBERNETES_PATCH)) {
        const kubernetes = await verifyKubernetes(progress, assetsUri, report, cluster.region, deadline, timeoutSeconds);
        progress.finish(`${kubernetes.nodesReady}/${kubernetes.nodesExpected} nodes Ready, ${kubernetes.podsReady}/${kubernetes.podsTotal} kube-system pods available`);
        return { nodes: report, kubernetes };
      }
      progress.finish(`controller and ${report.workers.length} workers running`);
      return { nodes: report };
    }
    // Workflow time: the timer below is durable, and the deadline survives a worker restart.
    if (Date.now() + delay > deadline) throw nodesNotReady(report, cluster.workerCount, timeoutSeconds);
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}
