/** IPv4 CIDR ranges as integer intervals: enough to check containment and overlap of subnets. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

/** `10.0.0.0/24` → its first and last address; undefined for anything that is not IPv4 CIDR. */
export function ipv4Range(cidr: string): Ipv4Range | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1 };
}

export function cidrContains(outer: string, inner: string): boolean {
  const [o, i] = [ipv4Range(outer), ipv4Range(inner)];
  return o !== undefined && i !== undefined && o.first <= i.first && i.last <= o.last;
}

export function cidrsOverlap(a: string, b: string): boolean {
  const [x, y] = [ipv4Range(a), ipv4Range(b)];
  return x !== undefined && y !== undefined && x.first <= y.last && y.first <= x.last;
}
