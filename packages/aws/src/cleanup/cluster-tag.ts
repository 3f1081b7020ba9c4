/**
 * The tag Kubernetes' AWS integrations (cloud controller, EBS CSI driver, load balancer
 * controller) put on what they create for a cluster: `kubernetes.io/cluster/<name>=owned`.
 * `shared` means "used, not owned" and is never deleted.
 */
export const clusterTagKey = (clusterName: string): string => `kubernetes.io/cluster/${clusterName}`;
export const OWNED = 'owned';

/** CloudFormation's own tags: a resource carrying them is the stack's to delete, not ours. */
export const CLOUDFORMATION_TAG_PREFIX = 'aws:cloudformation:';

/** `[{Key, Value}]` has the cluster's owned tag. */
export function isOwnedBy(tags: readonly { Key?: string; Value?: string }[] | undefined, clusterName: string): boolean {
  const key = clusterTagKey(clusterName);
  return (tags ?? []).some((t) => t.Key === key && t.Value === OWNED);
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
