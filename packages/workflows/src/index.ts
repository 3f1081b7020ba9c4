/**
 * @module @kube-aws/workflows
 *
 * The workflow contract (names, inputs, results, the `progress` query, workflow IDs, failure
 * types) and the typed search-attribute keys. Safe for the CLI: nothing here loads workflow code.
 *
 * The workflow functions are bundled by the worker from the `./workflows` subpath (never import
 * them into Node code: they only run inside Temporal's sandbox). In-memory fake activities for
 * tests are in `./testing`.
 */
export * from './contract.js';
export * from './search-attributes.js';
