/**
 * Ignition userdata for Flatcar nodes: the editable node configs, their finalisation with
 * KMS-encrypted TLS assets, the EC2 user-data stub, and offline validation.
 * Test doubles live in ./testing.ts and are not exported here.
 */
export type * from './ignition-types.js';
export { DataUrlDecodeFailure, decodeDataUrl } from './data-url.js';
export { IGNITION_VERSION, buildNodeIgnition, serializeIgnition } from './node-ignition.js';
export { nodeAssetNames } from './node-assets.js';
export { finalizeNodeIgnition } from './finalize.js';
export { KMS_ENVELOPE_OVERHEAD_BYTES, OFFLINE_CIPHERTEXT_MAGIC, OfflineEncryptor, type Encryptor } from './encryptor.js';
export {
  EC2_USER_DATA_LIMIT_BYTES,
  buildIgnitionStub,
  ignitionSha512,
  ignitionStubSize,
  serializeIgnitionStub,
  type IgnitionStubOptions,
} from './stub.js';
export { IGNITION_3_4_SCHEMA } from './ignition-schema.js';
export {
  MANIFEST_DIRS,
  SUPPORTED_IGNITION_VERSIONS,
  assertValidIgnition,
  formatIgnitionProblem,
  validateEmbeddedManifests,
  validateIgnitionConfig,
  type IgnitionProblem,
} from './validate.js';
