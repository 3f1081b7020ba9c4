/**
 * cluster.yaml text → {@link ClusterConfig}, reporting every problem in one run (kube-aws stopped
 * at the first) with the line and column of the key or value at fault.
 */
import { isMap, isScalar } from 'yaml';
import { CheckContext } from './checks/context.js';
import { checkAccess } from './checks/access.js';
import { checkDns } from './checks/dns.js';
import { exposureAdvisories } from './checks/exposure.js';
import { checkNetwork } from './checks/network.js';
import { checkNodes } from './checks/nodes.js';
import { checkValues } from './checks/values.js';
import { IssueReporter, sortIssues } from './issues.js';
import type { ClusterConfig, ConfigIssue } from './model.js';
import { normalise } from './normalise.js';
import type { RawClusterYaml } from './schema.js';
import { reportSchemaErrors, reportUnexplainedPatterns } from './schema-issues.js';
import { parseYamlSource } from './yaml-source.js';

export type ParseResult =
  | {
      readonly ok: true;
      readonly config: ClusterConfig;
      readonly warnings: ConfigIssue[];
      /** Valid settings that leave the cluster exposed (warnings); only `kube-aws validate` prints them. */
      readonly advisories: ConfigIssue[];
    }
  | { readonly ok: false; readonly errors: ConfigIssue[]; readonly warnings: ConfigIssue[] };

export interface ParseOptions {
  /** Name used in document-level messages; defaults to `cluster.yaml`. */
  readonly fileName?: string;
}

/** `key:` with no value, or `key: ""`, means "not set" (as in kube-aws, where "" was the zero value). */
function isEmpty(value: unknown): boolean {
  return value === null || value === '';
}

function withoutEmpty(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => !isEmpty(v)));
}

function stripEmpty(doc: Record<string, unknown>): Record<string, unknown> {
  const out = withoutEmpty(doc);
  if (Array.isArray(out.subnets)) {
    out.subnets = out.subnets.map((s: unknown) => (s !== null && typeof s === 'object' && !Array.isArray(s) ? withoutEmpty(s as Record<string, unknown>) : s));
  }
  return out;
}

function split(issues: readonly ConfigIssue[]): { errors: ConfigIssue[]; warnings: ConfigIssue[] } {
  return {
    errors: sortIssues(issues.filter((i) => i.severity === 'error')),
    warnings: sortIssues(issues.filter((i) => i.severity === 'warning')),
  };
}

/** Parses, checks and normalises cluster.yaml. Pure: no I/O, safe in workflow code. */
export function parseClusterConfig(text: string, opts: ParseOptions = {}): ParseResult {
  const fileName = opts.fileName ?? 'cluster.yaml';
  const parsed = parseYamlSource(text);
  if (!parsed.ok) return { ok: false, errors: sortIssues(parsed.errors), warnings: [] };
  const { source } = parsed;
  const r = new IssueReporter(source);
  const contents = source.doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    r.error([], `${fileName} is empty; run kube-aws init to create one`);
    return { ok: false, ...split(r.issues) };
  }
  if (!isMap(contents)) {
    r.error([], `${fileName} must be a mapping of keys to values (one key: value per line); run kube-aws init in an empty directory to see one`);
    return { ok: false, ...split(r.issues) };
  }

  const raw = stripEmpty(source.doc.toJS() as Record<string, unknown>);
  const unexplained = reportSchemaErrors(raw, r);
  const ctx = new CheckContext(raw, r);
  checkValues(ctx);
  reportUnexplainedPatterns(unexplained, r);
  checkDns(ctx);
  checkNetwork(ctx);
  checkNodes(ctx);
  checkAccess(ctx);

  const { errors, warnings } = split(r.issues);
  if (errors.length > 0) return { ok: false, errors, warnings };
  const advisories = new IssueReporter(source);
  exposureAdvisories(new CheckContext(raw, advisories));
  return { ok: true, config: normalise(raw as RawClusterYaml), warnings, advisories: sortIssues(advisories.issues) };
}
