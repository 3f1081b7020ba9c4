/**
 * The commented cluster.yaml `kube-aws init` writes: the six init values set, every other key
 * commented out with its default (or empty when it has none) under its one-line description,
 * plus example `subnets` and `stackTags` blocks. Parsing the result gives a valid config.
 */
import { parse } from 'yaml';
import { DEFAULTS } from './defaults.js';
import type { InitOptions } from './init-options.js';
import { CLUSTER_YAML_KEYS, keySchema } from './schema.js';

/** Deprecated keys are accepted when read but never written. */
const NOT_WRITTEN = new Set(['hostedZone', 'hyperkubeImageRepo']);
const SET_BY_INIT = new Set<string>(['clusterName', 'externalDNSName', 'keyName', 'region', 'availabilityZone', 'kmsKeyArn']);

/** A YAML scalar for `value`: plain when YAML reads it back as the same string, else double-quoted. */
function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (/^[A-Za-z0-9][-A-Za-z0-9._]*$/.test(value) && parse(value) === value) return value;
  return JSON.stringify(value);
}

function description(key: string): string {
  return String(keySchema(key)?.description ?? '');
}

function subnetsExample(opts: InitOptions): string[] {
  const zoneLetter = opts.availabilityZone.startsWith(opts.region) ? opts.availabilityZone.slice(opts.region.length) : '';
  const first = /^[a-z]$/.test(zoneLetter) ? opts.availabilityZone : `${opts.region}a`;
  const second = `${opts.region}${zoneLetter === 'a' || zoneLetter === '' ? 'b' : 'a'}`;
  return [
    '# subnets:',
    `#   - availabilityZone: ${scalar(first)}`,
    '#     instanceCIDR: "10.0.0.0/24"',
    `#   - availabilityZone: ${scalar(second)}`,
    '#     instanceCIDR: "10.0.1.0/24"',
  ];
}

/** Renders the commented cluster.yaml for the init values (not checked here: see checkInitOptions). */
export function renderInitialClusterYaml(opts: InitOptions): string {
  const lines = [
    '# cluster.yaml: the settings of one kube-aws cluster, created by `kube-aws init`.',
    '# Edit it if needed, then run `kube-aws render`. A commented-out key shows its default:',
    '# remove the "# " in front of it to change it.',
    '',
  ];
  for (const key of CLUSTER_YAML_KEYS) {
    if (NOT_WRITTEN.has(key)) continue;
    lines.push(`# ${description(key)}`);
    if (SET_BY_INIT.has(key)) {
      const value = opts[key as keyof InitOptions];
      lines.push(`${key}: ${key === 'kmsKeyArn' ? JSON.stringify(value) : scalar(value)}`);
    } else if (key === 'subnets') {
      lines.push(...subnetsExample(opts));
    } else if (key === 'stackTags') {
      lines.push('# stackTags:', '#   Name: "Kubernetes"', '#   Environment: "Production"');
    } else if (key === 'sshAccessAllowedSourceCIDRs' || key === 'apiEndpointAllowedSourceCIDRs') {
      lines.push(`# ${key}:`, ...DEFAULTS[key].map((cidr) => `#   - ${JSON.stringify(cidr)}`));
    } else if (key === 'instanceMetadata') {
      lines.push('# instanceMetadata:', `#   hopLimit: ${DEFAULTS.instanceMetadataHopLimit}`);
    } else {
      const fallback = (DEFAULTS as Readonly<Record<string, unknown>>)[key] as string | number | boolean | undefined;
      lines.push(fallback === undefined ? `# ${key}:` : `# ${key}: ${scalar(fallback)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
