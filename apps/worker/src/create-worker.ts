/**
 * {@link createWorker}: the kube-aws worker on a connection, with the activities it is given.
 * `main` passes the real AWS activities; tests pass fakes. The workflows are bundled from the
 * `@kube-aws/workflows/workflows` sources: the SDK's bundler compiles TypeScript itself (swc-loader,
 * with `.js` import specifiers mapped to `.ts`), so no build step and no webpack hook are needed.
 */
import { fileURLToPath } from 'node:url';
import type { KubeAwsActivities } from '@kube-aws/aws';
import { TASK_QUEUE } from '@kube-aws/workflows';
import { Worker } from '@temporalio/worker';
import type { NativeConnection, WorkflowBundle } from '@temporalio/worker';

export interface CreateWorkerOptions {
  readonly connection: NativeConnection;
  readonly activities: KubeAwsActivities;
  /** `default` unless set. */
  readonly namespace?: string;
  /** {@link TASK_QUEUE} unless set. */
  readonly taskQueue?: string;
  /** A prebuilt bundle; otherwise the workflows are bundled from source at start. */
  readonly workflowBundle?: WorkflowBundle;
}

/** The entry file of the workflow bundle (TypeScript source, resolved through the package exports). */
export function workflowsPath(): string {
  return fileURLToPath(import.meta.resolve('@kube-aws/workflows/workflows'));
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: workflowsPath() }),
    activities: options.activities,
    // In-flight activities get this long to finish on shutdown before they are cancelled; the
    // long ones (watchStack) heartbeat and are picked up again by another worker.
    shutdownGraceTime: '10 seconds',
    shutdownForceTime: '30 seconds',
  });
}
