import { DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import type { LocationType } from '@aws-sdk/client-ec2';
import { distance } from 'fastest-levenshtein';
import { activitySignal } from '../shared/heartbeat.js';
import type { CheckResult, PreflightContext } from './preflight-context.js';

/** Offered instance types by location (a zone, or the region). */
type Offerings = Map<string, Set<string>>;

async function offerings(ctx: PreflightContext, locationType: LocationType, locations: readonly string[]): Promise<Offerings> {
  const byLocation: Offerings = new Map(locations.map((l) => [l, new Set<string>()]));
  let token: string | undefined;
  do {
    const page = await ctx.clients.ec2.send(
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: locationType,
        Filters: [{ Name: 'location', Values: [...locations] }],
        MaxResults: 1000,
        ...(token ? { NextToken: token } : {}),
      }),
      { abortSignal: activitySignal() },
    );
    for (const o of page.InstanceTypeOfferings ?? []) {
      if (o.Location && o.InstanceType) byLocation.get(o.Location)?.add(o.InstanceType);
    }
    token = page.NextToken;
  } while (token);
  return byLocation;
}

/**
 * The offered names closest to `wanted` by edit distance (all those at the smallest distance, at
 * most three), when that distance looks like a typo (a third of the name) rather than a guess.
 */
export function closestInstanceTypes(wanted: string, offered: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored = [...new Set(offered)].map((name) => ({ name, d: distance(wanted, name) }));
  const best = Math.min(...scored.map((c) => c.d));
  if (!(best <= limit)) return [];
  return scored
    .filter((c) => c.d === best)
    .map((c) => c.name)
    .sort()
    .slice(0, 3);
}

interface Wanted {
  readonly field: 'controllerInstanceType' | 'workerInstanceType';
  readonly type: string;
  readonly zones: readonly string[];
}

function problemOf(w: Wanted, byZone: Offerings, region: string): string | undefined {
  const missing = w.zones.filter((z) => !(byZone.get(z)?.has(w.type) ?? false));
  if (missing.length === 0) return undefined;
  const offeredIn = w.zones.filter((z) => !missing.includes(z));
  if (offeredIn.length > 0) {
    return (
      `${w.field} ${w.type} (cluster.yaml) is offered in ${offeredIn.join(', ')} but not in ${missing.join(', ')}: ` +
      'choose a type offered in every zone of subnets, or move those subnets to zones that offer it'
    );
  }
  const offered = new Set(missing.flatMap((z) => [...(byZone.get(z) ?? [])]));
  const suggestions = closestInstanceTypes(w.type, offered);
  const hint = suggestions.length > 0 ? `did you mean ${suggestions.join(', ')}? ` : '';
  return (
    `${w.field} ${w.type} (cluster.yaml) is not an instance type offered in ${missing.join(', ')}: ${hint}` +
    `(aws ec2 describe-instance-type-offerings --region ${region} --location-type availability-zone --filters Name=location,Values=${missing.join(',')} lists them)`
  );
}

/**
 * `controllerInstanceType` is offered in the controller's zone and `workerInstanceType` in every
 * zone of `subnets` (EC2 DescribeInstanceTypeOfferings by availability zone). An unknown name
 * (`m3.meduim`) gets the closest offered names. A zone that lists no offerings at all (one the
 * account does not have, which the availability-zones check reports; or an emulator without
 * offering data for it) is checked against the region's offerings instead, and the detail says so.
 */
export async function checkInstanceTypes(ctx: PreflightContext): Promise<CheckResult> {
  const { config } = ctx;
  const controllerZone = config.subnets[config.controllerSubnetIndex]?.availabilityZone ?? config.subnets[0]?.availabilityZone ?? '';
  const workerZones = [...new Set(config.subnets.map((s) => s.availabilityZone))];
  const zones = [...new Set([controllerZone, ...workerZones])];
  const byZone = await offerings(ctx, 'availability-zone', zones);
  const unlisted = zones.filter((z) => (byZone.get(z)?.size ?? 0) === 0);
  if (unlisted.length > 0) {
    const regional = (await offerings(ctx, 'region', [config.region])).get(config.region) ?? new Set<string>();
    for (const z of unlisted) byZone.set(z, regional);
  }
  const wanted: Wanted[] = [
    { field: 'controllerInstanceType', type: config.controllerInstanceType, zones: [controllerZone] },
    { field: 'workerInstanceType', type: config.workerInstanceType, zones: workerZones },
  ];
  const problems = wanted.map((w) => problemOf(w, byZone, config.region)).filter((p): p is string => p !== undefined);
  if (problems.length > 0) return { name: 'instance-types', ok: false, detail: problems.join('; ') };
  const fallback = unlisted.length > 0 ? ` (${unlisted.join(', ')} list${unlisted.length === 1 ? 's' : ''} no offerings; checked against ${config.region}'s)` : '';
  return {
    name: 'instance-types',
    ok: true,
    detail: `controller ${config.controllerInstanceType} offered in ${controllerZone}, workers ${config.workerInstanceType} in ${workerZones.join(', ')}${fallback}`,
  };
}
