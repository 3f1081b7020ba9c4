import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { activitySignal } from '../shared/heartbeat.js';
import type { CheckResult, PreflightContext } from './preflight-context.js';

/**
 * Every subnet's zone is available to this account. Zone names are mapped per account (one
 * account's us-west-1a is another's us-west-1b), so a config copied from elsewhere can miss.
 */
export async function checkAvailabilityZones({ config, clients }: PreflightContext): Promise<CheckResult> {
  const out = await clients.ec2.send(
    new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
    { abortSignal: activitySignal() },
  );
  const available = (out.AvailabilityZones ?? []).flatMap((z) => (z.ZoneName ? [z.ZoneName] : [])).sort();
  const wanted = [...new Set(config.subnets.map((s) => s.availabilityZone))];
  const missing = wanted.filter((z) => !available.includes(z));
  if (missing.length === 0) return { name: 'availability-zones', ok: true, detail: `${wanted.join(', ')} available in ${config.region}` };
  const key = config.subnets.length > 1 ? 'subnets[].availabilityZone' : 'availabilityZone';
  return {
    name: 'availability-zones',
    ok: false,
    detail:
      `availability zone ${missing.join(', ')} is not available in ${config.region} for this account ` +
      `(available: ${available.join(', ') || 'none'}): set ${key} in cluster.yaml to one of those`,
  };
}
