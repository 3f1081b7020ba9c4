/**
 * The workflow bundle's entry: every kube-aws workflow, under the names in `WORKFLOWS`.
 * Only the worker loads this (as `workflowsPath`); it runs inside Temporal's sandbox.
 */
export { destroyWorkflow } from './destroy.js';
export { provisionWorkflow } from './provision.js';
export { statusWorkflow } from './status.js';
export { upWorkflow } from './up.js';
export { validateWorkflow } from './validate.js';
export { verifyWorkflow } from './verify.js';
