/**
 * The stack activities' view of the asset store ({@link StackInputs}, defined with them in
 * ../stack), read without a working copy: the cluster summary, the user's stack tags and the
 * rendered template as CloudFormation receives it.
 */
import { minifyTemplate, STACK_TEMPLATE_FILE, stackTags } from '@kube-aws/render';
import type { CfnTemplate } from '@kube-aws/render';
import { nonRetryable } from '../shared/failure.js';
import type { StackInputs } from '../stack/index.js';
import type { AssetStore } from './asset-store.js';
import { clusterSummary, readClusterYaml } from './cluster-yaml.js';
import { S3AssetStore } from './s3-asset-store.js';

/**
 * @throws ApplicationFailure `AssetsMissing` (no cluster.yaml or no stack-template.json: run
 * render), `ConfigInvalid`, or `AssetsInvalid` (the template is not JSON).
 */
export async function readStackInputs(store: AssetStore): Promise<StackInputs & { readonly summary: ReturnType<typeof clusterSummary> }> {
  const loaded = await readClusterYaml(store);
  const bytes = await store.readFile(STACK_TEMPLATE_FILE);
  if (bytes === undefined) {
    throw nonRetryable('AssetsMissing', `no ${STACK_TEMPLATE_FILE} in ${store.uri}; run \`kube-aws render\` first`);
  }
  let template: CfnTemplate;
  try {
    template = JSON.parse(new TextDecoder().decode(bytes)) as CfnTemplate;
  } catch (error) {
    throw nonRetryable('AssetsInvalid', `${STACK_TEMPLATE_FILE}: not valid JSON: ${(error as Error).message}; fix it or run \`kube-aws validate\``);
  }
  return {
    summary: clusterSummary(loaded),
    stackTags: stackTags(loaded.config),
    templateBody: minifyTemplate(template),
    // An S3 store's bucket can carry a template over the inline limit; a directory store has none.
    ...(store instanceof S3AssetStore ? { templateBucket: store.bucket } : {}),
  };
}
