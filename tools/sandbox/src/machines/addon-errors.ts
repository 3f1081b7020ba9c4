/**
 * Turns kubectl's report of a failed `apply --server-side --dry-run=server` into problems naming the
 * addon file and, when the API server named one, the field. With server-side apply kubectl does not
 * say which file an error came from, only the object (`(kube-system/coredns; apps/v1,
 * Kind=Deployment)` or `Deployment.apps "coredns" is invalid`), so objects are looked up in the
 * addon files; client-side errors (YAML that does not parse) name the file themselves.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

import type { AddonProblem } from '../errors.js';

/** An object of an addon file, for attributing an error to its file. */
export interface AddonObjectRef {
  /** Local path of the file. */
  readonly file: string;
  readonly kind: string;
  readonly group: string;
  readonly name: string;
  readonly namespace?: string;
}

const FIELD_PATTERNS: readonly RegExp[] = [
  // Strict field validation (server-side apply): `.spec.foo: field not declared in schema`
  /(\.[\w.[\]="/-]+): field not declared in schema/,
  // `unknown field "spec.template.spec.containers[0].foo"`
  /unknown field "([^"]+)"/,
  // Validation errors: `spec.replicas: Invalid value: -1: must be ...`
  /([A-Za-z.][\w.[\]="/-]*): (?:Invalid value|Required value|Unsupported value|Duplicate value|Forbidden|Too long|Too many|Not found)/,
  // `duplicate field "x"`
  /duplicate field "([^"]+)"/,
];

export function fieldOf(message: string): string | undefined {
  for (const re of FIELD_PATTERNS) {
    const m = re.exec(message);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** The objects of every manifest in `dir` (files kubectl would read: .yaml, .yml, .json). */
export function addonObjects(dir: string): AddonObjectRef[] {
  const refs: AddonObjectRef[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.(ya?ml|json)$/.test(n)).sort()) {
    const file = join(dir, name);
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const obj = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (!obj?.kind || !obj.metadata?.name) continue;
      const apiVersion = obj.apiVersion ?? '';
      const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
      refs.push({ file, kind: obj.kind, group, name: obj.metadata.name, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) });
    }
  }
  return refs;
}

/** The file of the object an error line is about, when the line identifies one. */
function fileOf(line: string, objects: readonly AddonObjectRef[]): string | undefined {
  const quoted = /"([^"]+\.(?:ya?ml|json))"/.exec(line)?.[1] ?? /(?:error parsing|error reading) ([^\s:]+\.(?:ya?ml|json))/.exec(line)?.[1];
  if (quoted) return quoted;
  // Server-side apply: `(namespace/name; group/version, Kind=Kind)` (namespace empty for cluster-scoped objects).
  const ssa = /\(([^/;()]*)\/([^;()]+); (?:([^/,()]+)\/)?[^,()]+, Kind=(\w+)\)/.exec(line);
  if (ssa) {
    const [, ns, name, group, kind] = ssa;
    return objects.find((o) => o.kind === kind && o.name === name && (o.namespace ?? '') === (ns ?? '') && o.group === (group ?? ''))?.file
      ?? objects.find((o) => o.kind === kind && o.name === name)?.file;
  }
  // Validation: `Deployment.apps "coredns" is invalid`, `ServiceAccount "x" is invalid`.
  const invalid = /\b([A-Z]\w*)(?:\.([\w.-]+))? "([^"]+)" is (?:invalid|forbidden)/.exec(line);
  if (invalid) {
    const [, kind, group, name] = invalid;
    return objects.find((o) => o.kind === kind && o.name === name && o.group === (group ?? ''))?.file ?? objects.find((o) => o.kind === kind && o.name === name)?.file;
  }
  return undefined;
}

/** `toOnNode` maps a local file path to the path on the node; `fallbackFile` is used when nothing identifies the file. */
export function parseDryRunErrors(
  stderr: string,
  objects: readonly AddonObjectRef[],
  toOnNode: (localPath: string) => string,
  fallbackFile: string,
): AddonProblem[] {
  const problems: AddonProblem[] = [];
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const line of lines) {
    // Server-side apply reports validation as `The Deployment "coredns" is invalid: spec.replicas: …`.
    if (!/^(error|Error from server)/i.test(line) && !/ is (?:invalid|forbidden)\b/.test(line)) continue;
    const file = fileOf(line, objects);
    const field = fieldOf(line);
    problems.push({ file: file ? toOnNode(file) : fallbackFile, ...(field ? { field } : {}), message: line });
  }
  if (problems.length === 0) problems.push({ file: fallbackFile, message: lines.join(' ') || 'kubectl failed without a message' });
  return problems;
}
