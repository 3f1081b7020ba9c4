/** What every preflight check gets: the config, the region's clients and what is known of the stack. */
import type { ClusterConfig } from '@kube-aws/config';
import type { AwsClients } from '../clients.js';
import type { PreflightCheck } from '../contract.js';

export interface PreflightContext {
  readonly config: ClusterConfig;
  readonly clients: AwsClients;
  readonly imageId: string;
  /**
   * Physical ids of the resources of this cluster's own stack (empty when there is none): a
   * resumed `up` must not trip over the subnets and the DNS record its own stack made.
   */
  readonly ownResources: ReadonlyMap<string, string>;
}

export type CheckResult = PreflightCheck;
