/**
 * The worker process: connect as Temporal's standard settings say, serve task queue `kube-aws`
 * with the kube-aws workflows and the AWS activities, stop gracefully on SIGTERM/SIGINT.
 * Run it with `kube-aws-worker` (bin/) or `npm start -w @kube-aws/worker`.
 */
import type { KubeAwsActivities } from '@kube-aws/aws';
import { TASK_QUEUE } from '@kube-aws/workflows';
import { Runtime } from '@temporalio/worker';
import { API_ENDPOINTS_ENV, apiEndpointsFromEnvironment } from './api-endpoints.js';
import { connectFromEnvironment } from './connect.js';
import { createWorker } from './create-worker.js';
import { runUntilSignalled } from './run-until-signalled.js';

export interface MainOptions {
  /** The activities to serve; the real AWS ones unless given (tests inject fakes). */
  readonly activities?: KubeAwsActivities;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/** The AWS activities, with the API endpoint overrides KUBE_AWS_API_ENDPOINTS names (the sandbox's). */
async function realActivities(env: NodeJS.ProcessEnv): Promise<KubeAwsActivities> {
  const { createActivities } = await import('@kube-aws/aws');
  const apiEndpoints = await apiEndpointsFromEnvironment(env);
  return createActivities(apiEndpoints ? { apiEndpoints } : {});
}

export async function main(options: MainOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Signals are ours to handle (runUntilSignalled), not the SDK's.
  Runtime.install({ shutdownSignals: [] });
  const env = options.env ?? process.env;
  // Loaded only when not injected: it pulls in the whole AWS SDK.
  const activities = options.activities ?? (await realActivities(env));
  if (!options.activities && env[API_ENDPOINTS_ENV]?.trim()) {
    log(`kube-aws worker: API servers are reached through the endpoints in ${env[API_ENDPOINTS_ENV]} (${API_ENDPOINTS_ENV}), certificates still verified for their names`);
  }
  const { connection, address, namespace, tls } = await connectFromEnvironment(env);
  try {
    const worker = await createWorker({ connection, namespace, activities });
    log(`kube-aws worker: serving task queue ${TASK_QUEUE} on ${address} (namespace ${namespace}${tls ? ', TLS' : ''})`);
    await runUntilSignalled(worker, { log });
    log('kube-aws worker: stopped');
  } finally {
    await connection.close();
  }
}
