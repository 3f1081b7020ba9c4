/**
 * @module @kube-aws/worker
 *
 * The Temporal worker of kube-aws: {@link main} is the process; {@link createWorker},
 * {@link connectFromEnvironment} and {@link runUntilSignalled} are its parts, for tests and for
 * embedding the worker elsewhere.
 */
export { API_ENDPOINTS_ENV, apiEndpointsFromEnvironment } from './api-endpoints.js';
export { connectFromEnvironment } from './connect.js';
export type { WorkerConnection } from './connect.js';
export { TemporalUnreachableError } from './errors.js';
export { createWorker, workflowsPath } from './create-worker.js';
export type { CreateWorkerOptions } from './create-worker.js';
export { main } from './main.js';
export type { MainOptions } from './main.js';
export { runUntilSignalled } from './run-until-signalled.js';
export type { RunOptions } from './run-until-signalled.js';
