export * from './asset-paths.js';
export { formatAssetProblem } from './asset-problem.js';
export type { AssetProblem } from './asset-problem.js';
export type { FileAction, RenderedFile } from './generated-files.js';
export { CONFIG_DIGEST_PARAMETERS, IMAGE_ID_PARAMETER, NODE_CONFIG_KEYS, expandNodeStub, nodeStubTemplate } from './node-user-data.js';
export { buildGeneratedFiles, renderClusterAssets } from './render-cluster.js';
export type { RenderOptions, RenderReport } from './render-cluster.js';
export { validateClusterAssets } from './validate-cluster.js';
export type { NodeConfigSizes, ValidateOptions, ValidationReport, ValidationStep } from './validate-cluster.js';
