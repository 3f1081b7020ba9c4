/**
 * AWS region and availability-zone names. The list only turns a typo into a warning: AWS adds
 * regions, so a well-shaped name that is not listed still validates.
 */

/** Regions known when this release was made (commercial, GovCloud, China, European Sovereign Cloud). */
export const KNOWN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1', 'ap-east-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1',
  'cn-north-1', 'cn-northwest-1',
  'eu-central-1', 'eu-central-2',
  'eu-north-1',
  'eu-south-1', 'eu-south-2',
  'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eusc-de-east-1',
  'il-central-1',
  'me-central-1', 'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1', 'us-east-2',
  'us-gov-east-1', 'us-gov-west-1',
  'us-west-1', 'us-west-2',
];

/** `us-west-1`, `us-gov-west-1`, `eusc-de-east-1`. */
export const REGION_PATTERN = '^[a-z]{2,4}-(?:[a-z]+-){1,2}[0-9]{1,2}$';
const REGION_RE = new RegExp(REGION_PATTERN);

/** A zone letter (`us-west-1c`) or a Local Zone (`us-west-2-lax-1a`) after the region name. */
const ZONE_SUFFIX_RE = /^(?:[a-z]|-[a-z]+-[0-9]+[a-z])$/;
/** Any zone name, whatever its region. */
export const AVAILABILITY_ZONE_PATTERN = '^[a-z]{2,4}-(?:[a-z]+-){1,2}[0-9]{1,2}(?:[a-z]|-[a-z]+-[0-9]+[a-z])$';
const AZ_RE = new RegExp(AVAILABILITY_ZONE_PATTERN);

export function isWellFormedRegion(region: string): boolean {
  return REGION_RE.test(region);
}

export function isKnownRegion(region: string): boolean {
  return KNOWN_REGIONS.includes(region);
}

export function isWellFormedAvailabilityZone(zone: string): boolean {
  return AZ_RE.test(zone);
}

/** True when `zone` names a zone of `region` (`us-west-1c` is in `us-west-1`, `us-east-1a` is not). */
export function isZoneOfRegion(zone: string, region: string): boolean {
  return zone.startsWith(region) && ZONE_SUFFIX_RE.test(zone.slice(region.length));
}
