/**
 * `preflight`: everything `up` can check before it creates anything, checked all at once so the
 * user fixes every problem in one pass instead of meeting them one CloudFormation failure at a time.
 */
import type { ClusterConfig } from '@kube-aws/config';
import type { AwsClients } from '../clients.js';
import type { PreflightCheck } from '../contract.js';
import { nonRetryable } from '../shared/failure.js';
import { checkAvailabilityZones } from './availability-zones-check.js';
import { checkHostedZone } from './hosted-zone-check.js';
import { checkImage } from './image-check.js';
import { checkInstanceTypes } from './instance-types-check.js';
import { checkKeyPair } from './key-pair-check.js';
import { checkKmsKey } from './kms-key-check.js';
import { checkStackName } from './stack-name-check.js';
import { checkVpc } from './vpc-check.js';

/**
 * Runs every check and returns them all. A check that finds a problem fails; an AWS error that is
 * not an answer (throttling, access denied) fails the activity instead.
 * @throws ApplicationFailure `PreflightFailed` (non-retryable) listing every failed check with
 * what to fix; its details carry all the checks.
 */
export async function preflight(config: ClusterConfig, clients: AwsClients, imageId: string): Promise<readonly PreflightCheck[]> {
  const stack = await checkStackName(config, clients);
  const ctx = { config, clients, imageId, ownResources: stack.ownResources };
  const rest = await Promise.all([
    checkKeyPair(ctx),
    checkHostedZone(ctx),
    checkAvailabilityZones(ctx),
    checkVpc(ctx),
    checkImage(ctx),
    checkKmsKey(ctx),
    checkInstanceTypes(ctx),
  ]);
  const checks = [...rest, stack.check];
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    throw nonRetryable(
      'PreflightFailed',
      `preflight found ${failed.length} problem(s) for cluster ${config.clusterName} in ${config.region}:\n${failed.map((c) => `  ${c.name}: ${c.detail}`).join('\n')}`,
      { checks },
    );
  }
  return checks;
}
