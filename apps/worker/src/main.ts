/**
 * The worker process: connect as Temporal's standard settings say, serve task queue `kube-aws`
 * with the kube-aws workflows and the AWS activities, stop gracefully on SIGTERM/SIGINT.
 * Run it with `kube-aws-worker` (bin/) or `npm start -w @kube-aws/worker`.
 */
import type { KubeAwsActivities } from '@kube-aws/aws';
import { TASK_QUEUE } from '@kube-aws/workflows';
import { Runtime } from '@temporalio/worker';
import { connectFromEnvironment } from './connect.js';
import { createWorker } from './create-worker.js';
import { runUntilSignalled } from './run-until-signalled.js';

export interface MainOptions {
  /** The activities to serve; the real AWS ones unless given (tests inject fakes). */
  readonly activities?: KubeAwsActivities;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

export async function main(options: MainOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Signals are ours to handle (runUntilSignalled), not the SDK's.
  Runtime.install({ shutdownSignals: [] });
  // Loaded only when not injected: it pulls in the whole AWS SDK.
  const activities = options.activities ?? (await import('@kube-aws/aws')).createActivities();
  const { connection, address, namespace, tls } = await connectFromEnvironment(options.env);
  try {
    const worker = await createWorker({ connection, namespace, activities });
    log(`kube-aws worker: serving task queue ${TASK_QUEUE} on ${address} (namespace ${namespace}${tls ? ', TLS' : ''})`);
    await runUntilSignalled(worker, { log });
    log('kube-aws worker: stopped');
  } finally {
    await connection.close();
  }
}
