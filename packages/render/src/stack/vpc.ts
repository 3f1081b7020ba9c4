/**
 * The network: a new VPC with an internet gateway and one public route table, or the user's
 * existing VPC; either way one subnet per `subnets` entry. No NAT: nodes sit in public subnets,
 * as in the original kube-aws.
 */
import type { ClusterConfig } from '@kube-aws/config';
import {
  INTERNET_GATEWAY,
  ROUTE_TABLE,
  ROUTE_TO_INTERNET,
  subnetId,
  subnetRouteTableAssociationId,
  VPC,
  VPC_GATEWAY_ATTACHMENT,
} from './logical-ids.js';
import type { CfnValue, Ref, Tag, TemplateBuilder } from './template-builder.js';

export interface NetworkRefs {
  /** `Ref VPC`, or the existing VPC's id as a literal. */
  readonly vpcId: CfnValue;
  readonly subnets: readonly Ref<'AWS::EC2::Subnet'>[];
  /**
   * Logical ids that must exist before an instance boots and fetches its config from S3: the
   * default route and the subnets' route-table associations (fewer with an existing VPC).
   */
  readonly internetReady: readonly string[];
}

/**
 * moto's ValidateTemplate runs cfn-lint, whose W3010 rejects any hard-coded AZ; the user names
 * the AZs on purpose, so each Subnet opts out (cfn-lint honours this only per resource).
 */
const SUBNET_LINT_METADATA = { 'cfn-lint': { config: { ignore_checks: ['W3010'] } } };

export function addNetwork(b: TemplateBuilder, config: ClusterConfig): NetworkRefs {
  let vpcId: CfnValue;
  let routeTable: CfnValue | undefined;
  const internetReady: string[] = [];

  if (config.vpcId === undefined) {
    const vpc = b.add(VPC, {
      Type: 'AWS::EC2::VPC',
      Properties: {
        CidrBlock: config.vpcCIDR,
        EnableDnsSupport: true,
        EnableDnsHostnames: true,
        InstanceTenancy: 'default',
        Tags: [{ Key: 'Name', Value: `kubernetes-${config.clusterName}-vpc` }] as Tag[],
      },
    });
    const igw = b.add(INTERNET_GATEWAY, { Type: 'AWS::EC2::InternetGateway', Properties: {} });
    b.add(VPC_GATEWAY_ATTACHMENT, {
      Type: 'AWS::EC2::VPCGatewayAttachment',
      Properties: { VpcId: vpc, InternetGatewayId: igw },
    });
    const rt = b.add(ROUTE_TABLE, { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: vpc } });
    b.add(ROUTE_TO_INTERNET, {
      Type: 'AWS::EC2::Route',
      // A route to an IGW fails until the gateway is attached to the VPC.
      DependsOn: VPC_GATEWAY_ATTACHMENT,
      Properties: { RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw },
    });
    vpcId = vpc;
    routeTable = rt;
    internetReady.push(ROUTE_TO_INTERNET);
  } else {
    vpcId = config.vpcId;
    // Without routeTableId the VPC's main route table applies, as in the original.
    routeTable = config.routeTableId;
  }

  const subnets = config.subnets.map((s, i) => {
    const subnet = b.add(subnetId(i), {
      Type: 'AWS::EC2::Subnet',
      Metadata: SUBNET_LINT_METADATA,
      Properties: {
        AvailabilityZone: s.availabilityZone,
        CidrBlock: s.instanceCIDR,
        MapPublicIpOnLaunch: true,
        VpcId: vpcId,
      },
    });
    if (routeTable !== undefined) {
      b.add(subnetRouteTableAssociationId(i), {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { SubnetId: subnet, RouteTableId: routeTable },
      });
      internetReady.push(subnetRouteTableAssociationId(i));
    }
    return subnet;
  });

  return { vpcId, subnets, internetReady };
}
