/**
 * IPv4 address and CIDR arithmetic over ipaddr.js. Only dotted-quad forms are accepted: ipaddr's
 * loose parser would take `10.1` or hex octets, which AWS and Kubernetes do not.
 */
import ipaddr from 'ipaddr.js';

export interface Cidr {
  readonly text: string;
  readonly network: ipaddr.IPv4;
  readonly prefix: number;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Parses `a.b.c.d/n`; the reason (when not ok) completes "<key> <value> …". */
export function parseCidr(text: string): Parsed<Cidr> {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) {
    if (ipaddr.IPv6.isValidCIDR(text)) return { ok: false, reason: 'is an IPv6 block; kube-aws needs an IPv4 CIDR such as 10.0.0.0/16' };
    return { ok: false, reason: 'is not an IPv4 CIDR block such as 10.0.0.0/16' };
  }
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  const network = ipaddr.IPv4.networkAddressFromCIDR(text);
  if (address.toString() !== network.toString()) {
    return { ok: false, reason: `has host bits set; use its network address, ${network.toString()}/${prefix}` };
  }
  return { ok: true, value: { text, network, prefix } };
}

/** Parses a dotted-quad IPv4 address. */
export function parseIp(text: string): Parsed<ipaddr.IPv4> {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return { ok: true, value: ipaddr.IPv4.parse(text) };
  if (ipaddr.IPv6.isValid(text)) return { ok: false, reason: 'is an IPv6 address; use an IPv4 address such as 10.0.0.50' };
  return { ok: false, reason: 'is not an IPv4 address such as 10.0.0.50' };
}

/** True when every address of `inner` is in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network.match(outer.network, outer.prefix);
}

/** Two CIDR blocks overlap exactly when one contains the other's network address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network.match(b.network, b.prefix) || b.network.match(a.network, a.prefix);
}

export function cidrContainsIp(cidr: Cidr, ip: ipaddr.IPv4): boolean {
  return ip.match(cidr.network, cidr.prefix);
}

function toNumber(ip: ipaddr.IPv4): number {
  return ip.octets.reduce((n, o) => n * 256 + o, 0);
}

function fromNumber(n: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** The address `offset` after the block's network address (may fall outside the block). */
export function nthAddress(cidr: Cidr, offset: number): ipaddr.IPv4 {
  return fromNumber((toNumber(cidr.network) + offset) >>> 0);
}

/** Position of `ip` in the block, 0 being the network address. */
export function offsetInCidr(cidr: Cidr, ip: ipaddr.IPv4): number {
  return toNumber(ip) - toNumber(cidr.network);
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}
