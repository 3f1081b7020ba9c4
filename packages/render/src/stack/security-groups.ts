/**
 * Security groups for the controller and the workers. Rules from outside the VPC stay inline, one
 * per source CIDR of cluster.yaml's `sshAccessAllowedSourceCIDRs` / `apiEndpointAllowedSourceCIDRs`;
 * every
 * rule from one group to another is its own `AWS::EC2::SecurityGroupIngress`, which avoids the
 * circular dependency two groups referencing each other inline would create.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { SECURITY_GROUP_CONTROLLER, SECURITY_GROUP_WORKER } from './logical-ids.js';
import type { CfnValue, Ref, TemplateBuilder } from './template-builder.js';

export interface SecurityGroupRefs {
  readonly controller: Ref<'AWS::EC2::SecurityGroup'>;
  readonly worker: Ref<'AWS::EC2::SecurityGroup'>;
}

interface Rule {
  readonly IpProtocol: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly CidrIp?: string;
}

const tcp = (from: number, to = from): Rule => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to });
const udp = (from: number, to = from): Rule => ({ IpProtocol: 'udp', FromPort: from, ToPort: to });
/** ICMP type 3 (destination unreachable, all codes): path-MTU discovery needs it. */
const ICMP_UNREACHABLE: Rule = { IpProtocol: 'icmp', FromPort: 3, ToPort: -1 };
/** IP-in-IP, protocol 4: Calico's default encapsulation between nodes. */
const IPIP: Rule = { IpProtocol: '4' }; // no ports: cfn-lint W3687 (and moto rejects warnings)
const ALL_EGRESS = [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }];
const anywhere = (r: Rule): Rule => ({ ...r, CidrIp: '0.0.0.0/0' });
/** One rule per source CIDR (CloudFormation takes one CidrIp per rule). */
const from = (cidrs: readonly string[], r: Rule): Rule[] => cidrs.map((CidrIp) => ({ ...r, CidrIp }));

type Role = 'Controller' | 'Worker';

export function addSecurityGroups(b: TemplateBuilder, config: ClusterConfig, vpcId: CfnValue): SecurityGroupRefs {
  const controller = b.add(SECURITY_GROUP_CONTROLLER, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `kube-aws ${config.clusterName} controller`,
      VpcId: vpcId,
      SecurityGroupEgress: ALL_EGRESS,
      // ssh and the API server are reached from outside the VPC (kubectl, admins), from where
      // cluster.yaml allows; nodes reach the API server by the rules between groups below.
      SecurityGroupIngress: [
        anywhere(ICMP_UNREACHABLE),
        ...from(config.sshAccessAllowedSourceCIDRs, tcp(22)),
        ...from(config.apiEndpointAllowedSourceCIDRs, tcp(443)),
      ],
    },
  });
  const worker = b.add(SECURITY_GROUP_WORKER, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `kube-aws ${config.clusterName} workers`,
      VpcId: vpcId,
      SecurityGroupEgress: ALL_EGRESS,
      SecurityGroupIngress: [
        anywhere(ICMP_UNREACHABLE),
        ...from(config.sshAccessAllowedSourceCIDRs, tcp(22)),
        // NodePorts only from inside the VPC (load balancer health checks, other nodes). Public
        // exposure is a LoadBalancer Service's job: the cloud controller opens the ports it needs
        // on this group (the one tagged kubernetes.io/cluster/<name>).
        { ...tcp(30000, 32767), CidrIp: config.vpcCIDR },
        { ...udp(30000, 32767), CidrIp: config.vpcCIDR },
      ],
    },
  });
  const groups: Record<Role, Ref> = { Controller: controller, Worker: worker };

  const allow = (to: Role, from: Role, purpose: string, rule: Rule): void => {
    b.add(`SecurityGroup${to}IngressFrom${from}${purpose}`, {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: { GroupId: groups[to], SourceSecurityGroupId: groups[from], ...rule },
    });
  };
  const everyPair: readonly [Role, Role][] = [
    ['Controller', 'Worker'],
    ['Worker', 'Controller'],
    ['Worker', 'Worker'],
  ];

  // The API server: kubelets and kube-proxy dial the controller's private IP, and pods reach it
  // through the kubernetes Service, masqueraded to their node's address. Not left to
  // apiEndpointAllowedSourceCIDRs, which is about clients outside the VPC.
  allow('Controller', 'Worker', 'ApiServer', tcp(443));
  // etcd (client and peer) is reached only by the API server on the controllers themselves.
  allow('Controller', 'Controller', 'Etcd', tcp(2379, 2380));
  // kubelet: the API server (exec, logs, port-forward) and metrics-server, which runs on a worker
  // and scrapes every kubelet, the controller's included.
  allow('Worker', 'Controller', 'Kubelet', tcp(10250));
  allow('Worker', 'Worker', 'Kubelet', tcp(10250));
  allow('Controller', 'Worker', 'Kubelet', tcp(10250));
  // flannel VXLAN between all nodes.
  for (const [to, from] of everyPair) allow(to, from, 'Flannel', udp(8472));
  if (config.useCalico) {
    for (const [to, from] of everyPair) {
      allow(to, from, 'CalicoBgp', tcp(179));
      allow(to, from, 'CalicoIpip', IPIP);
    }
  }
  return { controller, worker };
}
