/**
 * Offline validation of node Ignition configs (kube-aws's ValidateUserData for the Ignition era):
 * the Ignition 3.4.0 schema, the declared spec version, duplicate paths, data URLs, systemd
 * drop-ins, and every Kubernetes manifest embedded under /etc/kubernetes/{manifests,addons}/.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';

import { type IgnitionProblemDetail, IgnitionValidationError } from '../errors.js';
import { DataUrlDecodeFailure, decodeDataUrl } from './data-url.js';
import { IGNITION_3_4_SCHEMA } from './ignition-schema.js';
import { HOST_PROVIDED_UNITS } from './units.js';

/** A problem: `file`, `location` (JSON path, or `<node path>: <doc index>: <field>`) and `message`. */
export type IgnitionProblem = IgnitionProblemDetail;

/** Spec versions whose configs Flatcar's Ignition reads and kube-aws checks. */
export const SUPPORTED_IGNITION_VERSIONS: readonly string[] = ['3.0.0', '3.1.0', '3.2.0', '3.3.0', '3.4.0'];

/** Node directories whose files must be Kubernetes manifests. */
export const MANIFEST_DIRS: readonly string[] = ['/etc/kubernetes/manifests/', '/etc/kubernetes/addons/'];

const URL_SCHEMES = ['data:', 'http:', 'https:', 's3:', 'gs:', 'tftp:', 'arn:'];

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true });
const validateSchema = ajv.compile(IGNITION_3_4_SCHEMA);

export function formatIgnitionProblem(p: IgnitionProblem): string {
  return `${p.file}: ${p.location}: ${p.message}`;
}

/** `/storage/files/3/mode` → `storage.files[3].mode`. */
function jsonPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? '(root)' : out;
}

function schemaProblem(file: string, e: ErrorObject): IgnitionProblem {
  if (e.keyword === 'additionalProperties') {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    return { file, location: jsonPath(e.instancePath, key), message: `unknown key "${key}" in Ignition 3.4.0` };
  }
  if (e.keyword === 'required') {
    const key = String((e.params as { missingProperty: string }).missingProperty);
    return { file, location: jsonPath(e.instancePath, key), message: 'is required' };
  }
  return { file, location: jsonPath(e.instancePath), message: e.message ?? e.keyword };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const entries = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function checkVersion(json: Record<string, unknown>, file: string): IgnitionProblem[] {
  const ignition = json['ignition'];
  const version = isRecord(ignition) ? ignition['version'] : undefined;
  if (typeof version !== 'string') return []; // the schema reports it
  if (SUPPORTED_IGNITION_VERSIONS.includes(version)) return [];
  return [
    {
      file,
      location: 'ignition.version',
      message: `unsupported Ignition spec version "${version}"; kube-aws writes 3.4.0 and accepts ${SUPPORTED_IGNITION_VERSIONS.join(', ')}`,
    },
  ];
}

function checkResource(resource: unknown, file: string, location: string): IgnitionProblem[] {
  if (!isRecord(resource) || typeof resource['source'] !== 'string') return [];
  const source = resource['source'];
  if (!URL_SCHEMES.some((s) => source.startsWith(s))) {
    return [{ file, location: `${location}.source`, message: `unsupported URL scheme (use one of ${URL_SCHEMES.join(' ')})` }];
  }
  if (!source.startsWith('data:')) return [];
  try {
    decodeDataUrl(source, resource['compression'] as string | null | undefined);
    return [];
  } catch (err) {
    const reason = err instanceof DataUrlDecodeFailure ? err.message : String(err);
    return [{ file, location: `${location}.source`, message: `data URL cannot be decoded: ${reason}` }];
  }
}

function checkStorage(json: Record<string, unknown>, file: string): IgnitionProblem[] {
  const storage = json['storage'];
  if (!isRecord(storage)) return [];
  const problems: IgnitionProblem[] = [];
  const seen = new Map<string, string>();
  for (const kind of ['files', 'directories', 'links'] as const) {
    entries(storage[kind]).forEach((node, i) => {
      if (!isRecord(node) || typeof node['path'] !== 'string') return;
      const location = `storage.${kind}[${i}]`;
      const path = node['path'].replace(/\/+$/, '');
      const first = seen.get(path);
      if (first !== undefined) problems.push({ file, location: `${location}.path`, message: `duplicate path "${path}" (also at ${first})` });
      else seen.set(path, location);
      if (kind === 'files') {
        problems.push(...checkResource(node['contents'], file, `${location}.contents`));
        entries(node['append']).forEach((r, j) => problems.push(...checkResource(r, file, `${location}.append[${j}]`)));
      }
    });
  }
  return problems;
}

function checkUnits(json: Record<string, unknown>, file: string): IgnitionProblem[] {
  const systemd = json['systemd'];
  if (!isRecord(systemd)) return [];
  const problems: IgnitionProblem[] = [];
  const units = entries(systemd['units']).filter(isRecord);
  const defined = new Set(units.filter((u) => typeof u['contents'] === 'string').map((u) => u['name']));
  const names = new Map<unknown, number>();
  entries(systemd['units']).forEach((u, i) => {
    if (!isRecord(u) || typeof u['name'] !== 'string') return;
    const name = u['name'];
    const first = names.get(name);
    if (first !== undefined) problems.push({ file, location: `systemd.units[${i}].name`, message: `duplicate unit "${name}" (also at systemd.units[${first}])` });
    else names.set(name, i);
    const referenced = entries(u['dropins']).length > 0 || u['enabled'] === true;
    if (referenced && !defined.has(name) && !HOST_PROVIDED_UNITS.includes(name)) {
      problems.push({
        file,
        location: `systemd.units[${i}]`,
        message: `unit "${name}" has drop-ins or is enabled, but neither this config defines it nor Flatcar/the Kubernetes sysext provides it`,
      });
    }
  });
  return problems;
}

/**
 * Validates an Ignition config (parsed JSON) against kube-aws's Ignition 3.4.0 schema plus its own
 * checks. Returns every problem found; an empty list means valid.
 */
export function validateIgnitionConfig(json: unknown, fileName: string): IgnitionProblem[] {
  const problems: IgnitionProblem[] = [];
  if (!validateSchema(json)) problems.push(...(validateSchema.errors ?? []).map((e) => schemaProblem(fileName, e)));
  if (!isRecord(json)) return problems.length > 0 ? problems : [{ file: fileName, location: '(root)', message: 'must be a JSON object' }];
  problems.push(...checkVersion(json, fileName), ...checkStorage(json, fileName), ...checkUnits(json, fileName));
  return problems;
}

/**
 * Decodes every file under {@link MANIFEST_DIRS} and checks that each YAML document parses and has
 * apiVersion, kind and metadata.name. Locations read `<node path>: <doc index>: <field>`.
 */
export function validateEmbeddedManifests(ign: unknown, fileName: string): IgnitionProblem[] {
  const storage = isRecord(ign) ? ign['storage'] : undefined;
  const problems: IgnitionProblem[] = [];
  for (const f of entries(isRecord(storage) ? storage['files'] : undefined)) {
    if (!isRecord(f) || typeof f['path'] !== 'string') continue;
    const path = f['path'];
    if (!MANIFEST_DIRS.some((d) => path.startsWith(d))) continue;
    const contents = f['contents'];
    const source = isRecord(contents) ? contents['source'] : undefined;
    if (typeof source !== 'string' || !source.startsWith('data:')) {
      problems.push({ file: fileName, location: path, message: 'manifest contents must be an inline data: URL so it can be checked' });
      continue;
    }
    let text: string;
    try {
      text = Buffer.from(decodeDataUrl(source, (contents as Record<string, unknown>)['compression'] as string | undefined)).toString('utf8');
    } catch (err) {
      problems.push({ file: fileName, location: path, message: `data URL cannot be decoded: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    parseAllDocuments(text).forEach((doc, index) => {
      const at = (field: string): string => `${path}: ${index}: ${field}`;
      const errors = 'errors' in doc ? doc.errors : [];
      if (errors.length > 0) {
        problems.push({ file: fileName, location: at('yaml'), message: errors.map((e) => e.message.split('\n')[0]).join('; ') });
        return;
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) return; // an empty document between separators
      if (!isRecord(value)) {
        problems.push({ file: fileName, location: at('(document)'), message: 'is not a mapping' });
        return;
      }
      for (const field of ['apiVersion', 'kind'] as const) {
        if (typeof value[field] !== 'string' || value[field] === '') problems.push({ file: fileName, location: at(field), message: 'is required' });
      }
      const metadata = value['metadata'];
      const name = isRecord(metadata) ? metadata['name'] : undefined;
      if (typeof name !== 'string' || name === '') problems.push({ file: fileName, location: at('metadata.name'), message: 'is required' });
    });
  }
  return problems;
}

/** Runs both validations and throws {@link IgnitionValidationError} if anything is wrong. */
export function assertValidIgnition(json: unknown, fileName: string): void {
  const problems = [...validateIgnitionConfig(json, fileName), ...validateEmbeddedManifests(json, fileName)];
  if (problems.length > 0) throw new IgnitionValidationError(problems);
}
