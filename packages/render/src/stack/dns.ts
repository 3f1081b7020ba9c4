/**
 * The API server's DNS name as a Route53 A record on the controller's Elastic IP, when
 * `createRecordSet` is set.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { CREATE_NODES_CONDITION, EXTERNAL_DNS } from './logical-ids.js';
import type { Ref, TemplateBuilder } from './template-builder.js';

/** `Z123` from `Z123` or `/hostedzone/Z123`; the original passed the prefixed form to CloudFormation. */
export function bareHostedZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

export function addRecordSet(
  b: TemplateBuilder,
  config: ClusterConfig,
  eip: Ref<'AWS::EC2::EIP'>,
): Ref<'AWS::Route53::RecordSet'> | undefined {
  if (!config.createRecordSet) return undefined;
  let zone: { HostedZoneId: string } | { HostedZoneName: string };
  if (config.hostedZoneId !== undefined) zone = { HostedZoneId: bareHostedZoneId(config.hostedZoneId) };
  else if (config.hostedZone !== undefined) {
    zone = { HostedZoneName: config.hostedZone.endsWith('.') ? config.hostedZone : `${config.hostedZone}.` };
  } else {
    // Config validation requires one of the two with createRecordSet; reaching here is a bug.
    throw new RangeError('createRecordSet is set but neither hostedZoneId nor hostedZone is');
  }
  return b.add(EXTERNAL_DNS, {
    Type: 'AWS::Route53::RecordSet',
    Condition: CREATE_NODES_CONDITION,
    Properties: {
      ...zone,
      Name: config.externalDNSName,
      Type: 'A',
      TTL: String(config.recordSetTTL),
      ResourceRecords: [eip],
    },
  });
}
