/**
 * The node table verify ends with, laid out as `kubectl get nodes` lays it out (Go's tabwriter as
 * kubectl configures it: cells padded by 3 spaces to at least 6 characters, the last column bare),
 * so a user's eye and a user's script read it the same way as kubectl's.
 */
import type { KubeNodeRow } from '@kube-aws/aws';
import type { KubernetesReport } from '@kube-aws/workflows';

const MIN_WIDTH = 6;
const PADDING = 3;

/** Rows of cells as one aligned line each, like kubectl's tabwriter. */
export function tabulate(rows: readonly (readonly string[])[]): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(MIN_WIDTH, ...rows.map((r) => (r[c] ?? '').length + PADDING)));
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join(''));
}

/** `NAME STATUS ROLES AGE VERSION` and one line per node. */
export function nodeTable(nodes: readonly KubeNodeRow[]): string[] {
  return tabulate([['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], ...nodes.map((n) => [n.name, n.status, n.roles, n.age, n.version])]);
}

/** The one-line verdict above the table. */
export function kubernetesSummary(k: KubernetesReport): string {
  return `Kubernetes is ready: ${k.nodesReady}/${k.nodesExpected} nodes Ready, ${k.podsReady}/${k.podsTotal} kube-system pods available; ${k.credentials.length} client credentials authenticated.`;
}
