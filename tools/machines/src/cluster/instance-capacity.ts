/**
 * What a kubelet would report as capacity for an EC2 instance type, from the type's name: vCPUs
 * from the size, memory per vCPU from the family. Close enough for scheduling in the sandbox.
 */

export interface InstanceCapacity {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: 'amd64' | 'arm64';
}

const SMALL_SIZES: Record<string, { cpu: number; memoryGiB: number }> = {
  nano: { cpu: 2, memoryGiB: 0.5 },
  micro: { cpu: 2, memoryGiB: 1 },
  small: { cpu: 2, memoryGiB: 2 },
  medium: { cpu: 2, memoryGiB: 4 },
};

/** GiB of memory per vCPU by family letter: c compute, m general, r/x memory, t burstable. */
const GIB_PER_CPU: Record<string, number> = { c: 2, m: 4, r: 8, x: 16, t: 4, z: 8 };

export function instanceCapacity(instanceType: string): InstanceCapacity {
  const [family = '', size = 'large'] = instanceType.split('.');
  // Graviton families carry a `g` after the generation digit (t4g, m7gd, c6gn); g5 is a GPU family.
  const architecture = /^[a-z]+\d+[a-z]*g[a-z]*$/.test(family) ? 'arm64' : 'amd64';
  const small = SMALL_SIZES[size];
  if (small) return { cpu: small.cpu, memoryMiB: small.memoryGiB * 1024, architecture };
  const times = /^(\d+)xlarge$/.exec(size);
  const cpu = size === 'large' ? 2 : size === 'xlarge' ? 4 : times ? 4 * Number(times[1]) : 2;
  const gib = GIB_PER_CPU[family.charAt(0)] ?? 4;
  return { cpu, memoryMiB: cpu * gib * 1024, architecture };
}
