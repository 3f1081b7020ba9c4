/** Route53 record options: createRecordSet, recordSetTTL, hostedZone (deprecated), hostedZoneId. */
import { DEFAULTS } from '../defaults.js';
import type { CheckContext } from './context.js';

/** The seed prints exactly this after `Warning: `, so the text is kept. */
export const HOSTED_ZONE_DEPRECATION = "the 'hostedZone' parameter is deprecated. Use 'hostedZoneId' instead";

/** Label-wise suffix match, trailing dots ignored (as kube-aws checked at `up`). */
export function isInZone(name: string, zone: string): boolean {
  const n = name.replace(/\.$/, '').toLowerCase();
  const z = zone.replace(/\.$/, '').toLowerCase();
  return n === z || n.endsWith(`.${z}`);
}

export function checkDns(ctx: CheckContext): void {
  const { r } = ctx;
  const hasZone = ctx.has('hostedZone');
  const hasZoneId = ctx.has('hostedZoneId');
  if (hasZone) r.warning(['hostedZone'], HOSTED_ZONE_DEPRECATION);
  // Always an error (kube-aws only checked it with createRecordSet): the two can only disagree.
  if (hasZone && hasZoneId) {
    r.error(['hostedZone'], 'hostedZone and hostedZoneID cannot both be specified; keep hostedZoneId and remove the deprecated hostedZone');
  }

  const createRecordSet = ctx.value('createRecordSet');
  if (createRecordSet === true) {
    if (!hasZone && !hasZoneId) {
      r.error(['createRecordSet'], 'hostedZone or hostedZoneID must be specified when createRecordSet is true; set hostedZoneId to the Route53 zone that holds externalDNSName, or set createRecordSet: false');
    }
    const zone = ctx.get('hostedZone');
    const name = ctx.get('externalDNSName');
    if (zone !== undefined && name !== undefined && !r.isBad(['hostedZone']) && !isInZone(name, zone)) {
      r.error(['externalDNSName'], `externalDNSName ${name} is not a sub-domain of hosted-zone ${zone.replace(/\.?$/, '.')}; use a name inside that zone, or the zone that holds this name`);
    }
  } else if (createRecordSet === false) {
    const ttl = ctx.get('recordSetTTL');
    if (ttl !== undefined && ttl !== DEFAULTS.recordSetTTL) {
      r.error(['recordSetTTL'], 'recordSetTTL should not be modified when createRecordSet is false; remove recordSetTTL, or set createRecordSet: true to have the record created');
    }
    for (const key of ['hostedZoneId', 'hostedZone'] as const) {
      if (ctx.has(key) && !(hasZone && hasZoneId)) {
        r.warning([key], `${key} is ignored because createRecordSet is false; set createRecordSet: true to have kube-aws create the record`, { at: 'key' });
      }
    }
  }
}
