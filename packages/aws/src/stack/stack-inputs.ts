/**
 * What the stack activities need from the cluster's asset store, injected as
 * {@link LoadStackInputs}: the asset store belongs to the activities that render and upload, and
 * the stack activities only read the rendered template and a few names from cluster.yaml.
 */
import type { Tag } from '@kube-aws/render';
import type { AssetsUri, ClusterSummary } from '../contract.js';

export interface StackInputs {
  /**
   * The part of cluster.yaml the stack activities use (a whole ClusterSummary will do);
   * `kmsKeyArn` for a deploy whose input has no resolved key.
   */
  readonly summary: Pick<ClusterSummary, 'clusterName' | 'stackName' | 'region' | 'kmsKeyArn'>;
  /**
   * cluster.yaml's `stackTags` as CloudFormation tags (`stackTags(config)` from @kube-aws/render):
   * put on the stack, and copied by CloudFormation onto its resources.
   */
  readonly stackTags: readonly Tag[];
  /** The rendered `stack-template.json`, minified (`minifyTemplate` from @kube-aws/render). */
  readonly templateBody: string;
  /**
   * A bucket the template may be uploaded to when it is over the 51,200-byte inline limit (an
   * `s3://` asset store's bucket). Optional: the seed's template is ~15 KB and goes inline.
   */
  readonly templateBucket?: string;
}

/**
 * Reads a cluster's stack inputs from its asset store, once per activity attempt. Throws a
 * non-retryable failure (`AssetsMissing`, `ConfigInvalid`, `AssetsInvalid`) when cluster.yaml or
 * stack-template.json is missing or broken; returns nothing secret.
 */
export type LoadStackInputs = (assetsUri: AssetsUri) => Promise<StackInputs>;
