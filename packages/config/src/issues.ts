/**
 * Issues: how they are printed ({@link formatIssue}) and how the checks record them
 * (`IssueReporter`, which also remembers which keys are already wrong so later checks skip them
 * instead of piling follow-on errors onto the same mistake).
 */
import type { ConfigIssue, SourcePosition } from './model.js';
import { DOCUMENT_START, type KeyPath, type YamlSource } from './yaml-source.js';

/**
 * `cluster.yaml:LINE:COL: key: message`; warnings read `cluster.yaml:LINE:COL: warning: key: message`.
 * The location is just the file name when the issue has no position, the key is left out when the
 * issue is about the whole document.
 */
export function formatIssue(issue: ConfigIssue, fileName = 'cluster.yaml'): string {
  const location = issue.position ? `${fileName}:${issue.position.line}:${issue.position.col}` : fileName;
  const severity = issue.severity === 'warning' ? 'warning: ' : '';
  const key = issue.path === '' ? '' : `${issue.path}: `;
  return `${location}: ${severity}${key}${issue.message}`;
}

/** Issues in file order (issues without a position last); the sort is stable. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const rank = (p: SourcePosition | undefined): number => (p ? p.line * 1e6 + p.col : Number.MAX_SAFE_INTEGER);
  return [...issues].sort((a, b) => rank(a.position) - rank(b.position));
}

export function pathString(path: KeyPath): string {
  return path.join('.');
}

/** Where an issue points: the value (default) or the key, then fallbacks, then the document start. */
export interface Where {
  readonly at?: 'value' | 'key';
  readonly fallback?: readonly KeyPath[];
}

export class IssueReporter {
  readonly issues: ConfigIssue[] = [];
  private readonly bad = new Set<string>();

  /** Without a source (checking init flags) issues carry no position. */
  constructor(private readonly source?: YamlSource) {}

  get hasErrors(): boolean {
    return this.issues.some((i) => i.severity === 'error');
  }

  error(path: KeyPath, message: string, where: Where = {}): void {
    this.bad.add(JSON.stringify(path));
    this.add('error', path, message, where);
  }

  warning(path: KeyPath, message: string, where: Where = {}): void {
    this.add('warning', path, message, where);
  }

  /** True when an error was reported for the path or for a key above it. */
  isBad(path: KeyPath): boolean {
    for (let n = 1; n <= path.length; n++) if (this.bad.has(JSON.stringify(path.slice(0, n)))) return true;
    return false;
  }

  private add(severity: ConfigIssue['severity'], path: KeyPath, message: string, where: Where): void {
    const position = this.position(path, where);
    this.issues.push({ severity, path: pathString(path), message, ...(position ? { position } : {}) });
  }

  private position(path: KeyPath, where: Where): SourcePosition | undefined {
    const source = this.source;
    if (source === undefined) return undefined;
    const first = where.at === 'key' ? source.keyPosition(path) : source.valuePosition(path);
    if (first) return first;
    for (const other of where.fallback ?? []) {
      const p = source.valuePosition(other);
      if (p) return p;
    }
    return DOCUMENT_START;
  }
}
