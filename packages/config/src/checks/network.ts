/**
 * VPC, subnets and the cluster's address ranges (spec §2 items 5-12), with the original's bugs
 * fixed: every subnet pair is compared, messages name the subnet actually at fault, and the
 * controller goes in the first subnet that contains controllerIP.
 */
import type ipaddr from 'ipaddr.js';
import {
  cidrContains,
  cidrContainsIp,
  cidrsOverlap,
  cidrSize,
  nthAddress,
  offsetInCidr,
  parseCidr,
  parseIp,
  type Cidr,
} from '../cidr.js';
import type { KeyPath } from '../yaml-source.js';
import type { CheckContext } from './context.js';

interface SubnetRef {
  readonly path: KeyPath;
  /** `` for the single-zone subnet, ` for subnet #i` otherwise (appended to messages). */
  readonly suffix: string;
  readonly cidr: Cidr | undefined;
}

/** Index of the first subnet whose CIDR holds `ip`, or -1. */
export function firstSubnetContaining(cidrs: readonly Cidr[], ip: ipaddr.IPv4): number {
  return cidrs.findIndex((c) => cidrContainsIp(c, ip));
}

/** An address of the block that AWS does not reserve, for examples in messages. */
function exampleAddress(cidr: Cidr, preferred: number): string {
  return nthAddress(cidr, cidrSize(cidr) > preferred + 1 ? preferred : 4).toString();
}

export function checkNetwork(ctx: CheckContext): void {
  const { r } = ctx;
  /** The key to blame: the first candidate written in the file, else the first candidate. */
  const blame = (...keys: Parameters<CheckContext['has']>[0][]): KeyPath => [keys.find((k) => ctx.has(k)) ?? keys[0] ?? ''];

  if (ctx.has('routeTableId') && !ctx.has('vpcId')) {
    r.error(['routeTableId'], 'vpcId must be specified if routeTableId is specified; set vpcId to the VPC that owns the route table, or remove routeTableId');
  }

  const cidrAt = (path: KeyPath, label: string, text: string | undefined, awsSized: boolean): Cidr | undefined => {
    if (text === undefined || r.isBad(path)) return undefined;
    const parsed = parseCidr(text);
    if (!parsed.ok) {
      r.error(path, `invalid ${label}: ${text} ${parsed.reason}`);
      return undefined;
    }
    if (awsSized && (parsed.value.prefix < 16 || parsed.value.prefix > 28)) {
      r.error(path, `${label} ${text} is a /${parsed.value.prefix}, but AWS only allows /16 to /28 for VPCs and subnets`);
      return undefined;
    }
    return parsed.value;
  };
  const ipAt = (key: 'controllerIP' | 'dnsServiceIP', label: string): ipaddr.IPv4 | undefined => {
    const text = ctx.value(key);
    if (text === undefined) return undefined;
    const parsed = parseIp(text);
    if (parsed.ok) return parsed.value;
    r.error([key], `${label}: ${text} ${parsed.reason}`);
    return undefined;
  };

  const vpc = cidrAt(['vpcCIDR'], 'vpcCIDR', ctx.value('vpcCIDR'), true);
  const controllerIP = ipAt('controllerIP', 'invalid controllerIP');

  if (r.isBad(['subnets'])) {
    // subnets is not a list: which mode the file meant is unknown, so only the ranges are checked.
    checkClusterRanges(ctx, vpc, blame);
    return;
  }
  // Subnets: the single-zone pair (availabilityZone + instanceCIDR) or the subnets list.
  const list = ctx.get('subnets') ?? [];
  const multi = list.length > 0;
  let subnets: SubnetRef[];
  if (multi) {
    for (const key of ['instanceCIDR', 'availabilityZone'] as const) {
      const value = ctx.get(key);
      if (value !== undefined) {
        r.error([key], `The top-level ${key}(${value}) must be empty when subnets are specified; remove it (each subnet has its own ${key})`);
      }
    }
    subnets = list.map((s, i) => {
      const path = ['subnets', i, 'instanceCIDR'];
      const text = typeof s.instanceCIDR === 'string' ? s.instanceCIDR : undefined;
      return { path, suffix: ` for subnet #${i}`, cidr: cidrAt(path, `instanceCIDR for subnet #${i}`, text, true) };
    });
  } else {
    if (!ctx.has('availabilityZone')) {
      r.error(['availabilityZone'], 'availabilityZone must be set; add the zone of a single-zone cluster (e.g. availabilityZone: us-west-1a), or list subnets instead');
    }
    subnets = [{ path: blame('instanceCIDR', 'vpcCIDR'), suffix: '', cidr: cidrAt(['instanceCIDR'], 'instanceCIDR', ctx.value('instanceCIDR'), true) }];
  }

  if (vpc !== undefined) {
    for (const s of subnets) {
      if (s.cidr !== undefined && !cidrContains(vpc, s.cidr)) {
        r.error(s.path, `vpcCIDR (${vpc.text}) does not contain instanceCIDR (${s.cidr.text})${s.suffix}; use a subnet range inside vpcCIDR, or widen vpcCIDR`);
      }
    }
  }
  for (let j = 1; j < subnets.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = subnets[i]?.cidr;
      const b = subnets[j]?.cidr;
      if (a !== undefined && b !== undefined && cidrsOverlap(a, b)) {
        r.error(['subnets', j, 'instanceCIDR'], `CIDR of subnet ${i} (${a.text}) overlaps with CIDR of subnet ${j} (${b.text}); give each subnet its own range inside vpcCIDR`);
      }
    }
  }

  const parsedSubnets = subnets.map((s) => s.cidr).filter((c): c is Cidr => c !== undefined);
  if (controllerIP !== undefined && parsedSubnets.length === subnets.length && parsedSubnets.length > 0) {
    const index = firstSubnetContaining(parsedSubnets, controllerIP);
    const home = parsedSubnets[index];
    const first = parsedSubnets[0] as Cidr;
    if (home === undefined) {
      const message = multi
        ? `No instanceCIDRs in Subnets (${parsedSubnets.map((c) => c.text).join(', ')}) contain controllerIP (${controllerIP.toString()}); set controllerIP to an address inside one of them (the controller goes in the first that contains it), e.g. ${exampleAddress(first, 50)}`
        : `instanceCIDR (${first.text}) does not contain controllerIP (${controllerIP.toString()}); set controllerIP to an address inside instanceCIDR, e.g. ${exampleAddress(first, 50)}`;
      r.error(blame('controllerIP', multi ? 'subnets' : 'instanceCIDR'), message);
    } else {
      const offset = offsetInCidr(home, controllerIP);
      if (offset < 4 || offset === cidrSize(home) - 1) {
        r.error(blame('controllerIP'), `controllerIP ${controllerIP.toString()} is reserved by AWS in subnet ${home.text} (the first four addresses and the last one are); use another, e.g. ${exampleAddress(home, 50)}`);
      }
    }
  }

  checkClusterRanges(ctx, vpc, blame);
}

function checkClusterRanges(ctx: CheckContext, vpc: Cidr | undefined, blame: (...keys: ('podCIDR' | 'serviceCIDR' | 'vpcCIDR' | 'dnsServiceIP')[]) => KeyPath): void {
  const { r } = ctx;
  const parse = (key: 'podCIDR' | 'serviceCIDR'): Cidr | undefined => {
    const text = ctx.value(key);
    if (text === undefined) return undefined;
    const parsed = parseCidr(text);
    if (parsed.ok) return parsed.value;
    r.error([key], `invalid ${key}: ${text} ${parsed.reason}`);
    return undefined;
  };
  const pod = parse('podCIDR');
  let service = parse('serviceCIDR');
  if (service !== undefined && service.prefix < 12) {
    r.error(['serviceCIDR'], `serviceCIDR ${service.text} is too large: Kubernetes allows at most a /12 for Services; use e.g. 10.3.0.0/24`);
    service = undefined;
  }

  if (vpc !== undefined && service !== undefined && cidrsOverlap(vpc, service)) {
    r.error(blame('serviceCIDR', 'vpcCIDR'), `vpcCIDR (${vpc.text}) overlaps with serviceCIDR (${service.text}); move serviceCIDR out of vpcCIDR's range`);
  }
  if (vpc !== undefined && pod !== undefined && cidrsOverlap(vpc, pod)) {
    r.error(blame('podCIDR', 'vpcCIDR'), `vpcCIDR (${vpc.text}) overlaps with podCIDR (${pod.text}); move podCIDR out of vpcCIDR's range`);
  }
  if (service !== undefined && pod !== undefined && cidrsOverlap(service, pod)) {
    r.error(blame('podCIDR', 'serviceCIDR'), `serviceCIDR (${service.text}) overlaps with podCIDR (${pod.text}); give pods and Services separate ranges`);
  }
  if (service === undefined) return;

  const kubernetesServiceIP = nthAddress(service, 1);
  if (!cidrContainsIp(service, kubernetesServiceIP)) {
    r.error(['serviceCIDR'], `serviceCIDR (${service.text}) does not contain kubernetesServiceIP (${kubernetesServiceIP.toString()}); use a larger serviceCIDR such as 10.3.0.0/24`);
    return;
  }
  const text = ctx.value('dnsServiceIP');
  if (text === undefined) return;
  const parsed = parseIp(text);
  if (!parsed.ok) {
    r.error(['dnsServiceIP'], `Invalid dnsServiceIP: ${text} ${parsed.reason}`);
    return;
  }
  const dns = parsed.value;
  const example = exampleAddress(service, 10);
  if (!cidrContainsIp(service, dns)) {
    r.error(blame('dnsServiceIP', 'serviceCIDR'), `serviceCIDR (${service.text}) does not contain dnsServiceIP (${dns.toString()}); set dnsServiceIP to an address inside serviceCIDR, e.g. ${example}`);
  } else if (dns.toString() === kubernetesServiceIP.toString()) {
    r.error(blame('dnsServiceIP', 'serviceCIDR'), `dnsServiceIp conflicts with kubernetesServiceIp (${kubernetesServiceIP.toString()}); the kubernetes Service always takes the first address of serviceCIDR, so pick another dnsServiceIP, e.g. ${example}`);
  } else if (offsetInCidr(service, dns) === 0 || offsetInCidr(service, dns) === cidrSize(service) - 1) {
    r.error(blame('dnsServiceIP', 'serviceCIDR'), `dnsServiceIP ${dns.toString()} is the network or broadcast address of serviceCIDR (${service.text}), which Kubernetes never assigns; use e.g. ${example}`);
  }
}
