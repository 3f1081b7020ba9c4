/**
 * @kube-aws/sandbox: a local stand-in for the seed's AWS account and a Temporal server, for tests,
 * the e2e suite and `npm start`.
 *
 * - moto's server (AWS), with the seed account's AZs and Flatcar's AMIs (moto/launch.py), seeded
 *   over the AWS API with the key pair, hosted zone and KMS key the seed assumes (seed.ts);
 * - the pacing proxy in front of it (proxy/): CloudFormation behaves like the real service in
 *   time (IN_PROGRESS for a while, per-resource events in dependency order, tokens, change sets,
 *   injected failures with rollback) and any call can be throttled on request;
 * - Temporal's dev server with kube-aws's search attributes (temporal.ts).
 *
 * In-process: `startSandbox()` (tests). In the background: `npm run sandbox -- up` (cli.ts).
 */
export { startSandbox } from './sandbox.js';
export type { Sandbox, SandboxOptions } from './sandbox.js';
export { SandboxControl } from './control-client.js';
export type { FailureOptions, FaultOptions, PaceSettings } from './control-client.js';
export { sandboxEnv, exportLines } from './sandbox-env.js';
export { registerProcess, readState, sandboxDir } from './state.js';
export type { SandboxState, ProcessEntry } from './state.js';
export { seedAccount } from './seed.js';
export type { SeedResult } from './seed.js';
export { PacingProxy } from './proxy/server.js';
export type { PacingProxyOptions } from './proxy/server.js';
export { FLATCAR_OWNER, SANDBOX_ACCOUNT, SANDBOX_HOSTED_ZONE, SANDBOX_KEY_PAIR, SANDBOX_KMS_ALIAS, SANDBOX_REGION } from './account.js';
export { SEARCH_ATTRIBUTES } from './temporal.js';
export { PortInUseError, SandboxNotRunningError, SeedError, ServiceStartError } from './errors.js';
