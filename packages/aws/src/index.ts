/**
 * @module @kube-aws/aws
 *
 * Temporal activities over AWS SDK v3 clients, and the contract the workflows schedule them by.
 */
export * from './contract.js';
export * from './clients.js';
export * from './errors.js';
export { toActivityFailure, classified, cleanAwsMessage, RETRYABLE_FAILURE_TYPES } from './failures.js';
export type { FailureContext, RetryableFailureType } from './failures.js';
export * from './stack/index.js';
export { createActivities, createNodeAndAssetActivities, resolveDeps } from './activities.js';
export type { ActivityDeps, NodeAndAssetActivities, ResolvedDeps } from './activities.js';
export type { AssetStore, AssetPath, WorkingCopyOptions } from './assets/asset-store.js';
export { openAssetStore } from './assets/open-asset-store.js';
export { parseAssetsUri } from './assets/assets-uri.js';
export { readStackInputs } from './assets/stack-inputs.js';
export { KmsEncryptor } from './kms/kms-encryptor.js';
export { FLATCAR_OWNER_ID } from './images/flatcar-images.js';
export { FINAL_CONFIG_FILES, FINAL_MANIFEST_FILE } from './nodes/final-config-paths.js';
export { awsNodeName } from './nodes/node-name.js';
export { describeBootFailure, describeUnitFailure, parseBootConsole, redactSecrets } from './nodes/boot-console.js';
export { decodeConsoleOutput, ec2ConsoleReader } from './nodes/console-output.js';
export type { ConsoleReader } from './nodes/console-output.js';
export { ConsoleWatch } from './nodes/console-watch.js';
export { apiEndpointsFile, parseEndpoint } from './kubernetes/api-endpoints.js';
export type { ApiEndpoint, ApiEndpointResolver } from './kubernetes/api-endpoints.js';
