/**
 * @module @kube-aws/aws
 *
 * Temporal activities over AWS SDK v3 clients, and the contract the workflows schedule them by.
 */
export * from './contract.js';
export * from './clients.js';
