/**
 * @module @kube-aws/render/testing
 *
 * Test doubles for other packages' tests. Never imported by production code.
 */
export { DeterministicTestEncryptor } from './userdata/testing.js';
