/**
 * Runs Ajv (allErrors) over the raw document and turns its errors into issues with positions and
 * messages a user can act on. Pattern failures are left to the value checks, which say what the
 * value should look like; the ones they do not explain are reported here afterwards.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { DEFAULTS, LIMITS } from './defaults.js';
import { pathString, type IssueReporter } from './issues.js';
import { CLUSTER_YAML_KEYS, ClusterYamlSchema, keySchema, SUBNET_KEYS } from './schema.js';
import type { KeyPath } from './yaml-source.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Compiled on first use, not at import: most importers only want the types and constants.
  compiled ??= new Ajv({ allErrors: true, strict: true })
    .addKeyword('deprecationMessage')
    .compile(ClusterYamlSchema);
  return compiled;
}

/** A pattern failure not yet explained, reported by {@link reportUnexplainedPatterns}. */
export interface PatternFailure {
  readonly path: KeyPath;
  readonly pattern: string;
  readonly value: unknown;
}

const REQUIRED_HINTS: Readonly<Record<string, string>> = {
  externalDNSName: 'add the DNS name clients reach the API server at, e.g. externalDNSName: kube.example.com',
  keyName: "add the name of an EC2 key pair in the cluster's region, e.g. keyName: my-key",
  region: 'add the AWS region to create the cluster in, e.g. region: us-west-1',
  kmsKeyArn: "add the quoted ARN of a KMS key in the cluster's region (aws kms create-key prints it)",
};

function toPath(pointer: string, raw: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let node = raw;
  for (const encoded of pointer.split('/').slice(1)) {
    const segment = encoded.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function valueAt(raw: unknown, path: KeyPath): unknown {
  let node = raw;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  return 'a mapping';
}

const EXPECTED: Readonly<Record<string, string>> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
};

/** Message for a number outside its range (or not whole), per key. */
export function rangeMessage(key: string, value: unknown): string | undefined {
  const got = `(got ${String(value)})`;
  if (key === 'workerCount') {
    return `workerCount must be a whole number from 0 to ${LIMITS.maxWorkerCount} ${got}: it is the size of the workers' Auto Scaling group, 0 runs the controller alone, and kube-aws's single controller is not sized for more than ${LIMITS.maxWorkerCount} nodes`;
  }
  if (key.endsWith('RootVolumeSize')) {
    return `${key} must be a whole number of GiB from ${LIMITS.minVolumeGiB} to ${LIMITS.maxVolumeGiB} ${got}: Flatcar needs at least ${LIMITS.minVolumeGiB} GiB and an EBS volume holds at most 16 TiB`;
  }
  if (key.endsWith('RootVolumeIOPS')) {
    return `${key} must be a whole number from 0 to 64000 ${got}; leave it at 0 unless the volume type is io1, io2 or gp3`;
  }
  if (key === 'recordSetTTL') {
    return `recordSetTTL ${String(value)} is not valid: TTL must be at least 1 second, a whole number; use e.g. recordSetTTL: ${DEFAULTS.recordSetTTL}`;
  }
  if (key === 'tlsCADurationDays' || key === 'tlsCertDurationDays') {
    return `${key} must be a whole number of days, at least 1 ${got}; the default is ${DEFAULTS[key]}`;
  }
  return undefined;
}

function typeMessage(path: KeyPath, expected: string, value: unknown): string {
  const name = pathString(path);
  const last = String(path[path.length - 1]);
  const base = `${name} must be ${EXPECTED[expected] ?? expected}, not ${describe(value)}`;
  if (expected === 'integer' || expected === 'number') {
    const example = typeof value === 'string' && /^-?[0-9.]+$/.test(value) ? value : String(keySchema(last)?.default ?? 1);
    return `${base}; write a number without quotes, e.g. ${last}: ${example}`;
  }
  if (expected === 'boolean' && typeof value === 'string') return `${base}; write true or false without quotes`;
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    // A list entry is written `- value`, a key `key: value`.
    const written = typeof path[path.length - 1] === 'number' ? `- "${String(value)}"` : `${last}: "${String(value)}"`;
    return `${base}; quote it, e.g. ${written}`;
  }
  const items = (keySchema(last) as { items?: { type?: string } } | undefined)?.items;
  if (expected === 'array' && typeof value === 'string' && items?.type === 'string') return `${base}; write it as a list, e.g. ${last}: [${JSON.stringify(value)}]`;
  const description = path.length === 1 ? (keySchema(last)?.description as string | undefined) : undefined;
  return description ? `${base} (${last}: ${description})` : base;
}

function unknownKeyMessage(name: string, candidates: readonly string[]): string {
  const suggestion = closest(name, candidates);
  const close = name.toLowerCase() === suggestion.toLowerCase() || distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3));
  return close
    ? `unknown key ${name}; did you mean \`${suggestion}\`?`
    : `unknown key ${name}; remove it (the comments kube-aws init writes, and cluster.schema.json, list every key)`;
}

/** Validates `raw` against the schema, reporting into `r`; returns the pattern failures left to explain. */
export function reportSchemaErrors(raw: unknown, r: IssueReporter): PatternFailure[] {
  const validate = validator();
  if (validate(raw)) return [];
  const patterns: PatternFailure[] = [];
  for (const e of validate.errors ?? []) reportOne(e, raw, r, patterns);
  return patterns;
}

function reportOne(e: ErrorObject, raw: unknown, r: IssueReporter, patterns: PatternFailure[]): void {
  const parent = toPath(e.instancePath, raw);
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') {
    const name = String(params.additionalProperty);
    const path = [...parent, name];
    const candidates = parent.length === 0 ? CLUSTER_YAML_KEYS : SUBNET_KEYS;
    r.error(path, unknownKeyMessage(name, candidates), { at: 'key' });
    return;
  }
  if (e.keyword === 'required') {
    const name = String(params.missingProperty);
    const path = [...parent, name];
    if (parent.length === 0) {
      r.error(path, `${name} must be set; ${REQUIRED_HINTS[name] ?? 'add it'}`);
    } else {
      const example = name === 'instanceCIDR' ? 'instanceCIDR: "10.0.1.0/24" (inside vpcCIDR)' : 'availabilityZone: us-west-1a (a zone of region)';
      r.error(path, `${name} must be set for subnet #${String(parent[1])}; add e.g. ${example}`, { fallback: [parent] });
    }
    return;
  }
  if (e.keyword === 'propertyNames') return; // its inner error (with propertyName) says what is wrong
  const tagKey = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (tagKey !== undefined) {
    const path = [...parent, tagKey];
    const problem =
      e.keyword === 'pattern'
        ? 'starts with aws:, which AWS reserves; rename the tag'
        : e.keyword === 'maxLength'
          ? `is longer than ${LIMITS.maxTagKeyLength} characters, CloudFormation's limit for tag keys; shorten it`
          : 'is empty; give the tag a name';
    r.error(path, `stackTags key ${tagKey} ${problem}`, { at: 'key' });
    return;
  }
  const path = parent;
  if (r.isBad(path)) return;
  const value = valueAt(raw, path);
  const key = String(path[0]);
  switch (e.keyword) {
    case 'type': {
      const expected = String(params.type);
      const range = expected === 'integer' && typeof value === 'number' && path.length === 1 ? rangeMessage(key, value) : undefined;
      r.error(path, range ?? typeMessage(path, expected, value));
      return;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      r.error(path, `${key} ${String(value)} is not supported; use one of ${allowed}`);
      return;
    }
    case 'minimum':
    case 'maximum':
      r.error(path, rangeMessage(key, value) ?? `${pathString(path)} ${String(e.message)} (got ${String(value)})`);
      return;
    case 'maxProperties':
      r.error(path, `stackTags has ${Object.keys(value as object).length} tags; CloudFormation allows at most ${LIMITS.maxStackTags}, so remove some`, { at: 'key' });
      return;
    case 'maxLength':
      r.error(path, `${pathString(path)} is longer than ${String(params.limit)} characters, CloudFormation's limit for tag values; shorten it`);
      return;
    case 'pattern':
      patterns.push({ path, pattern: String(params.pattern), value });
      return;
    default:
      r.error(path, `${pathString(path)} ${String(e.message)}`);
  }
}

/** Reports the pattern failures no value check explained (so none is silently accepted). */
export function reportUnexplainedPatterns(failures: readonly PatternFailure[], r: IssueReporter): void {
  for (const f of failures) {
    if (!r.isBad(f.path)) r.error(f.path, `${pathString(f.path)} ${String(f.value)} does not match the pattern ${f.pattern}`);
  }
}
