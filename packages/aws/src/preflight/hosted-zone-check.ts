import { GetHostedZoneCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { HostedZone } from '@aws-sdk/client-route-53';
import { logicalIds } from '@kube-aws/render';
import { isAwsError } from '../shared/aws-error.js';
import { activitySignal } from '../shared/heartbeat.js';
import type { CheckResult, PreflightContext } from './preflight-context.js';

const fqdn = (name: string): string => (name.endsWith('.') ? name : `${name}.`).toLowerCase();
const bareId = (id: string): string => id.replace(/^\/?hostedzone\//, '');

type ZoneLookup = { zone: HostedZone } | { problem: string };

async function findZone({ config, clients }: PreflightContext): Promise<ZoneLookup> {
  const signal = { abortSignal: activitySignal() };
  if (config.hostedZoneId !== undefined) {
    try {
      const out = await clients.route53.send(new GetHostedZoneCommand({ Id: bareId(config.hostedZoneId) }), signal);
      if (out.HostedZone) return { zone: out.HostedZone };
    } catch (error) {
      if (!isAwsError(error, 'NoSuchHostedZone', 'InvalidInput')) throw error;
    }
    return { problem: `hosted zone ${config.hostedZoneId} (hostedZoneId in cluster.yaml) not found: set hostedZoneId to a zone of this account (aws route53 list-hosted-zones)` };
  }
  const name = fqdn(config.hostedZone ?? '');
  const out = await clients.route53.send(new ListHostedZonesByNameCommand({ DNSName: name, MaxItems: 10 }), signal);
  const matches = (out.HostedZones ?? []).filter((z) => fqdn(z.Name ?? '') === name && !z.Config?.PrivateZone);
  if (matches.length === 1 && matches[0]) return { zone: matches[0] };
  if (matches.length > 1) return { problem: `${matches.length} public hosted zones are named ${name}: set hostedZoneId in cluster.yaml to pick one` };
  return {
    problem: `no public hosted zone named ${name} (hostedZone in cluster.yaml): create it (aws route53 create-hosted-zone --name ${name} --caller-reference kube-aws) or set hostedZoneId`,
  };
}

/**
 * With `createRecordSet`: the hosted zone exists, contains externalDNSName, and has no record of
 * that name yet (CloudFormation would fail late, after the controller is up). The record this
 * cluster's own stack made is fine.
 */
export async function checkHostedZone(ctx: PreflightContext): Promise<CheckResult> {
  const { config, clients, ownResources } = ctx;
  if (!config.createRecordSet) return { name: 'hosted-zone', ok: true, detail: 'createRecordSet is false: no DNS record to create' };
  const lookup = await findZone(ctx);
  if ('problem' in lookup) return { name: 'hosted-zone', ok: false, detail: lookup.problem };
  const zoneName = fqdn(lookup.zone.Name ?? '');
  const zoneId = bareId(lookup.zone.Id ?? '');
  const record = fqdn(config.externalDNSName);
  if (record !== zoneName && !record.endsWith(`.${zoneName}`)) {
    return { name: 'hosted-zone', ok: false, detail: `externalDNSName ${config.externalDNSName} is not inside hosted zone ${zoneName} (${zoneId}): change externalDNSName or the zone in cluster.yaml` };
  }
  const out = await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: record, MaxItems: 10 }), {
    abortSignal: activitySignal(),
  });
  const existing = (out.ResourceRecordSets ?? []).filter((r) => fqdn(r.Name ?? '') === record);
  const ours = ownResources.get(logicalIds.EXTERNAL_DNS) !== undefined;
  if (existing.length > 0 && !ours) {
    return {
      name: 'hosted-zone',
      ok: false,
      detail:
        `a ${existing.map((r) => r.Type).join('/')} record for ${config.externalDNSName} already exists in zone ${zoneName} (${zoneId}): ` +
        'delete it, or set createRecordSet: false in cluster.yaml and point the name at the controller yourself',
    };
  }
  return { name: 'hosted-zone', ok: true, detail: `zone ${zoneName} (${zoneId}) ${ours ? 'holds this stack\'s record for' : 'has no record yet for'} ${config.externalDNSName}` };
}
