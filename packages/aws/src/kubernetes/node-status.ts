/**
 * Nodes as `kubectl get nodes` shows them (STATUS, ROLES, AGE, VERSION), and why an expected node
 * is not Ready: not registered at all (its kubelet never joined), or its Ready condition with the
 * kubelet's own reason and message (`KubeletNotReady: container runtime network not ready…`,
 * `NodeStatusUnknown: Kubelet stopped posting node status.`), or, for a node not registered, the
 * boot units its console showed failed.
 */
import type { V1Node, V1NodeCondition } from '@kubernetes/client-node';
import type { KubeNodeRow, NodeBootFailure } from '../contract.js';
import { describeBootFailure } from '../nodes/boot-console.js';
import { humanDuration } from './human-duration.js';
import { shorten } from './text.js';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
/** The older label kubectl also reads. */
const ROLE_LABEL = 'kubernetes.io/role';
/** Conditions whose True means trouble (kubectl shows none of them, but they explain NotReady). */
const PRESSURE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

function condition(node: V1Node, type: string): V1NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** kubectl's STATUS: Ready / NotReady (Unknown when there is no Ready condition), then SchedulingDisabled. */
export function nodeStatus(node: V1Node): string {
  const ready = condition(node, 'Ready');
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** kubectl's ROLES: every `node-role.kubernetes.io/<role>` label, and `kubernetes.io/role`. */
export function nodeRoles(node: V1Node): string {
  const labels = node.metadata?.labels ?? {};
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(ROLE_LABEL_PREFIX) && key.length > ROLE_LABEL_PREFIX.length) roles.add(key.slice(ROLE_LABEL_PREFIX.length));
    if (key === ROLE_LABEL && value !== '') roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

export function isNodeReady(node: V1Node): boolean {
  return condition(node, 'Ready')?.status === 'True';
}

export function nodeRow(node: V1Node, nowMs: number): KubeNodeRow {
  const created = node.metadata?.creationTimestamp;
  return {
    name: node.metadata?.name ?? '',
    status: nodeStatus(node),
    roles: nodeRoles(node),
    age: created ? humanDuration(nowMs - new Date(created).getTime()) : '<unknown>',
    version: node.status?.nodeInfo?.kubeletVersion ?? '',
    ready: isNodeReady(node),
  };
}

function describeCondition(c: V1NodeCondition): string {
  const why = [c.reason, c.message].filter((s) => s !== undefined && s !== '').join(': ');
  return `${c.type}=${c.status}${why ? ` (${why})` : ''}`;
}

/**
 * Why an expected node is not Ready, or undefined when it is. A node not registered whose console
 * showed failed boot units (`bootFailure`) is named with its instance and the units.
 */
export function nodeNotReadyReason(name: string, node: V1Node | undefined, bootFailure?: NodeBootFailure): string | undefined {
  if (!node && bootFailure) return shorten(`node ${describeBootFailure(bootFailure)}`);
  if (!node) return `node ${name}: not registered (its kubelet has not joined the cluster yet)`;
  if (isNodeReady(node)) return undefined;
  const ready = condition(node, 'Ready');
  const parts = [ready ? describeCondition(ready) : 'no Ready condition yet (the kubelet has not posted its status)'];
  for (const type of PRESSURE_CONDITIONS) {
    const c = condition(node, type);
    if (c?.status === 'True') parts.push(describeCondition(c));
  }
  return shorten(`node ${name}: ${nodeStatus(node)}: ${parts.join('; ')}`);
}
