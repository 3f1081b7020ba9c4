/**
 * Who may reach the nodes from outside the VPC: the source CIDR lists of SSH and the API server,
 * and whether workers have public addresses. Errors only; what is allowed but exposed is said by
 * {@link exposureAdvisories} instead, at `validate`.
 */
import { parseCidr } from '../cidr.js';
import type { CheckContext } from './context.js';

/** The cluster.yaml keys that list source CIDRs, as kube-aws 0.16 named them. */
export const SOURCE_CIDR_KEYS = ['sshAccessAllowedSourceCIDRs', 'apiEndpointAllowedSourceCIDRs'] as const;
export type SourceCidrKey = (typeof SOURCE_CIDR_KEYS)[number];

function checkSourceCidrs(ctx: CheckContext, key: SourceCidrKey): void {
  const { r } = ctx;
  const list = ctx.get(key);
  if (list === undefined) return;
  const seen = new Map<string, number>();
  list.forEach((text, i) => {
    if (r.isBad([key, i])) return;
    const parsed = parseCidr(text);
    if (!parsed.ok) {
      r.error([key, i], `${key} entry ${text} ${parsed.reason}`);
      return;
    }
    const first = seen.get(text);
    // CloudFormation rejects a security group that lists the same rule twice.
    if (first !== undefined) r.error([key, i], `${key} lists ${text} twice (entries ${first} and ${i}); remove one`);
    else seen.set(text, i);
  });
}

export function checkAccess(ctx: CheckContext): void {
  for (const key of SOURCE_CIDR_KEYS) checkSourceCidrs(ctx, key);
  if (ctx.get('mapPublicIPs') === false && !ctx.has('vpcId')) {
    ctx.r.error(
      ['mapPublicIPs'],
      'mapPublicIPs is false, which needs vpcId: the VPC kube-aws creates reaches the internet only through an internet gateway, so workers without a public address could not fetch their config, images or Kubernetes; set vpcId to a VPC whose route table gives them a NAT, or remove mapPublicIPs',
    );
  }
}
