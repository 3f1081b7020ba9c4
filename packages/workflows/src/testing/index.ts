/**
 * @module @kube-aws/workflows/testing
 *
 * Test doubles for the workflows: {@link FakeKubeAws}, every activity in memory with a scripted
 * CloudFormation stack. Never imported by the worker's production path.
 */
export { FakeKubeAws } from './fake-activities.js';
export type { ActivityName, FakeScenario } from './fake-activities.js';
export { FakeStack } from './fake-stack.js';
export { installQuietRuntime, startDevServer, temporalCliPath } from './temporal-dev-server.js';
