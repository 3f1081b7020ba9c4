/**
 * @module @kube-aws/workflows
 *
 * The workflow contract (names, inputs, results, the `progress` query, workflow IDs). The
 * workflow functions themselves are bundled by the worker from `./workflows`.
 */
export * from './contract.js';
