/**
 * The CloudFormation stack template (`stack-template.json`): built as typed objects, one file per
 * resource set, plus the checks `validate` runs on it and the reader for the stack's outputs.
 * Pure: no I/O, no AWS calls; the deploy steps in @kube-aws/aws send what this builds.
 */
export { buildStackTemplate, stackTags, STACK_PHASES } from './stack-template.js';
export type { StackPhase, StackTemplateOptions } from './stack-template.js';
export { DEFAULT_ASSET_KEYS } from './iam.js';
export type { AssetKeys, PolicyStatement } from './iam.js';
export { readStackOutputs, OUTPUT_KEYS } from './outputs.js';
export type { StackOutputs } from './outputs.js';
export { assertTemplateReferences, checkTemplateReferences } from './check-references.js';
export type { TemplateProblem } from './check-references.js';
export { checkTemplateSize, minifyTemplate, TEMPLATE_BODY_LIMIT_BYTES, TEMPLATE_URL_LIMIT_BYTES } from './template-size.js';
export type { TemplateSize } from './template-size.js';
export { base64, clusterTags, getAtt, join, ref, split, sub } from './template-builder.js';
export type { CfnIntrinsic, CfnOutput, CfnParameter, CfnResource, CfnTemplate, CfnValue, Ref, Tag } from './template-builder.js';
export * as logicalIds from './logical-ids.js';
export {
  ASSETS_BUCKET,
  DEPLOYER_PRINCIPALS_PARAMETER,
  DEPLOYER_PRINCIPALS_PARAMETER_PATTERN,
  KMS_KEY_ARN_PARAMETER,
  KMS_KEY_ARN_PARAMETER_PATTERN,
  PHASE_PARAMETER,
} from './logical-ids.js';
export { deployerPrincipalArns } from './deployer-principal.js';
export { POLICY_TABLE } from './policies/policy-table.js';
export type { PolicySet, UpstreamPolicy } from './policies/policy-table.js';
