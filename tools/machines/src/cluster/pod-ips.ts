/**
 * Pod IPs a node hands out, as a CNI plugin would: from the node's `spec.podCIDR` (allocated by
 * kube-controller-manager), one per pod, stable while the pod exists. Without a podCIDR, from a
 * per-node fake /24 in 100.64.0.0/10 (shared address space, so it never collides with a real range).
 */
import { createHash } from 'node:crypto';

function toInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export class PodIpAllocator {
  private readonly byUid = new Map<string, string>();

  constructor(private readonly nodeName: string) {}

  private range(podCIDR: string | undefined): { base: number; size: number } {
    const m = podCIDR ? /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(podCIDR) : null;
    if (m?.[1] && m[2] && Number(m[2]) <= 30) {
      const size = 2 ** (32 - Number(m[2]));
      return { base: toInt(m[1]) - (toInt(m[1]) % size), size };
    }
    const third = createHash('sha256').update(this.nodeName).digest()[0] ?? 0;
    return { base: toInt(`100.64.${third}.0`), size: 256 };
  }

  /** The IP of pod `uid`: the one it already reports, or the lowest free one (from .2; .1 is the bridge). */
  ipFor(uid: string, reported: string | undefined, podCIDR: string | undefined): string {
    const known = this.byUid.get(uid);
    if (known) return known;
    const taken = new Set(this.byUid.values());
    if (reported && !taken.has(reported)) {
      this.byUid.set(uid, reported);
      return reported;
    }
    const { base, size } = this.range(podCIDR);
    for (let i = 2; i < size - 1; i += 1) {
      const ip = toIp(base + i);
      if (!taken.has(ip)) {
        this.byUid.set(uid, ip);
        return ip;
      }
    }
    throw new RangeError(`node ${this.nodeName}: pod CIDR ${podCIDR ?? '(fake)'} is full`);
  }

  /** Frees the IPs of pods no longer bound to the node. */
  retain(uids: ReadonlySet<string>): void {
    for (const uid of [...this.byUid.keys()]) if (!uids.has(uid)) this.byUid.delete(uid);
  }
}
