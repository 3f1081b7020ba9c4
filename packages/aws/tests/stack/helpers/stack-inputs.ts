/**
 * Stack inputs for tests: the seed's cluster (AZ us-west-1a, which moto knows) with its template
 * built by @kube-aws/render, and a tiny file-based loader over a directory rendered with
 * `renderClusterAssets` (the real loader is the asset store's, in src/assets).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { buildGeneratedFiles, minifyTemplate, STACK_TEMPLATE_FILE, stackTags } from '@kube-aws/render';
import type { CfnTemplate } from '@kube-aws/render';
import type { LoadStackInputs, StackInputs } from '../../../src/stack/index.js';

/** The seed's cluster in an AZ moto's us-west-1 has. */
export function motoSeedConfig(overrides: Partial<ClusterConfig> = {}): ClusterConfig {
  return seedClusterConfig({ subnets: [{ availabilityZone: 'us-west-1a', instanceCIDR: '10.0.0.0/24' }], ...overrides });
}

function inputsOf(config: ClusterConfig, templateBody: string): StackInputs {
  return {
    summary: { clusterName: config.clusterName, stackName: config.clusterName, region: config.region, kmsKeyArn: config.kmsKeyArn },
    stackTags: stackTags(config),
    templateBody,
  };
}

/** In memory, from the same builder `render` uses. */
export function seedStackInputs(config: ClusterConfig = motoSeedConfig()): StackInputs {
  const file = buildGeneratedFiles(config).find((f) => f.path === STACK_TEMPLATE_FILE);
  if (file === undefined) throw new Error(`render produced no ${STACK_TEMPLATE_FILE}`);
  return inputsOf(config, minifyTemplate(JSON.parse(file.content) as CfnTemplate));
}

/** Reads `stack-template.json` from a rendered directory; the summary comes from `config`. */
export function fileStackInputs(dir: string, config: ClusterConfig): LoadStackInputs {
  return async () => {
    const text = await readFile(join(dir, STACK_TEMPLATE_FILE), 'utf8');
    return inputsOf(config, minifyTemplate(JSON.parse(text) as CfnTemplate));
  };
}
