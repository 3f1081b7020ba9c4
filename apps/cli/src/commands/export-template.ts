/**
 * `kube-aws up --export`: checks the assets as `up` would, then writes the stack template as
 * `<clusterName>.stack-template.json` (0600, as kube-aws did) with every parameter value known here
 * set as its default. Nothing is created, and neither Temporal nor AWS is contacted.
 *
 * The template's node user data is a stub naming the configs in the assets bucket by digest; those
 * digests (and, without `amiId`, the Flatcar image; with an alias as `kmsKeyArn`, the key it
 * resolves to) are only known once `up` has encrypted and uploaded the configs, so they stay
 * parameters and the command says so.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config';
import {
  CONFIG_DIGEST_PARAMETERS,
  IMAGE_ID_PARAMETER,
  KMS_KEY_ARN_PARAMETER,
  KMS_KEY_ARN_PARAMETER_PATTERN,
  PHASE_PARAMETER,
  STACK_TEMPLATE_FILE,
  validateClusterAssets,
} from '@kube-aws/render';
import type { CfnParameter, CfnTemplate } from '@kube-aws/render';
import type { CommandContext } from '../context.js';

export interface ExportReport {
  readonly path: string;
  /** Parameters whose value the export set. */
  readonly set: Readonly<Record<string, string>>;
  /** Parameters `up` sets when it deploys, with why. */
  readonly setByUp: Readonly<Record<string, string>>;
}

export function exportFileName(clusterName: string): string {
  return `${clusterName}.stack-template.json`;
}

function withDefaults(template: CfnTemplate, values: Readonly<Record<string, string>>): CfnTemplate {
  const parameters: Record<string, CfnParameter> = { ...(template.Parameters ?? {}) };
  for (const [name, value] of Object.entries(values)) {
    const declared = parameters[name];
    if (declared) parameters[name] = { ...declared, Default: value };
  }
  return { ...template, Parameters: parameters };
}

export async function exportStackTemplate(ctx: CommandContext, config: ClusterConfig): Promise<ExportReport> {
  const { output } = ctx;
  const report = await validateClusterAssets(ctx.dir, config);
  for (const warning of report.warnings) output.warn(warning);

  const template = JSON.parse(await readFile(join(ctx.dir, STACK_TEMPLATE_FILE), 'utf8')) as CfnTemplate;
  const set: Record<string, string> = { [PHASE_PARAMETER]: 'nodes' };
  const setByUp: Record<string, string> = {
    [CONFIG_DIGEST_PARAMETERS.controller]: 'SHA-512 of the controller config, once up has KMS-encrypted and uploaded it',
    [CONFIG_DIGEST_PARAMETERS.worker]: 'SHA-512 of the worker config, once up has KMS-encrypted and uploaded it',
  };
  if (new RegExp(KMS_KEY_ARN_PARAMETER_PATTERN).test(config.kmsKeyArn)) set[KMS_KEY_ARN_PARAMETER] = config.kmsKeyArn;
  else setByUp[KMS_KEY_ARN_PARAMETER] = `the key ARN kmsKeyArn ${config.kmsKeyArn} resolves to (kms:DescribeKey), looked up by up; an alias ARN authorises nothing in IAM`;
  if (config.amiId) set[IMAGE_ID_PARAMETER] = config.amiId;
  else setByUp[IMAGE_ID_PARAMETER] = `the newest Flatcar ${config.releaseChannel} image in ${config.region}, looked up by up (or set amiId in cluster.yaml)`;

  const name = exportFileName(config.clusterName);
  output.say(`Exporting ${name}`);
  const path = join(ctx.dir, name);
  await writeFile(path, `${JSON.stringify(withDefaults(template, set), null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600); // an earlier export's file keeps its mode otherwise
  output.note('Parameters set by kube-aws up when it deploys:');
  for (const [parameter, why] of Object.entries(setByUp)) output.note(`  ${parameter}: ${why}`);
  return { path, set, setByUp };
}
