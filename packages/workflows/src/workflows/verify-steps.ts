/**
 * The `verify` step: poll EC2 (with backoff) until the controller and `workerCount` workers run.
 * Kubernetes-level checks (API server answers, nodes Ready) are a later change:
 * {@link checkKubernetes} is where they go, behind a `patched()` marker (see README, Versioning).
 */
import type { ClusterSummary, NodeInstancesReport } from '@kube-aws/aws';
import { sleep } from '@temporalio/workflow';
import { activities } from './activities.js';
import { nodesNotReady } from './failures.js';
import type { ProgressTracker } from './progress.js';

/** How long verify waits for the nodes unless the caller says otherwise. */
export const DEFAULT_VERIFY_TIMEOUT_SECONDS = 15 * 60;
const FIRST_POLL_MS = 2_000;
const MAX_POLL_MS = 30_000;

function isReady(report: NodeInstancesReport, workerCount: number): boolean {
  const running = report.workers.filter((w) => w.state === 'running').length;
  return report.controller?.state === 'running' && running >= workerCount;
}

/** Waits for the nodes; throws `NodesNotReady` at the deadline. */
export async function verifyNodes(
  progress: ProgressTracker,
  cluster: ClusterSummary,
  assetsUri: string,
  timeoutSeconds = DEFAULT_VERIFY_TIMEOUT_SECONDS,
): Promise<NodeInstancesReport> {
  progress.begin('verify');
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = FIRST_POLL_MS;
  for (;;) {
    const report = await activities.describeNodeInstances({ assetsUri, stackName: cluster.stackName });
    if (isReady(report, cluster.workerCount)) {
      await checkKubernetes(progress, cluster, report);
      progress.finish(`controller and ${report.workers.length} workers running`);
      return report;
    }
    // Workflow time: the timer below is durable, and the deadline survives a worker restart.
    if (Date.now() + delay > deadline) throw nodesNotReady(report, cluster.workerCount, timeoutSeconds);
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}

/**
 * HOOK for the Kubernetes checks (separate issue): API server reachable at the controller IP,
 * every node registered and Ready. Adding activity calls here changes the command sequence of
 * running workflows, so the new code must run only under `patched('verify-kubernetes')`.
 */
async function checkKubernetes(_progress: ProgressTracker, _cluster: ClusterSummary, _nodes: NodeInstancesReport): Promise<void> {
  // Intentionally empty until the Kubernetes checks land.
}
