/**
 * The minimal shape shared by every Kubernetes object kube-aws writes, and multi-document YAML.
 * Objects are plain data (no client library): the manifests are only ever serialised.
 */
import { stringify } from 'yaml';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Any Kubernetes object: apiVersion, kind, metadata.name, and the rest untyped. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/**
 * `---`-separated YAML. Line width is unlimited so long flags and JSON blobs never fold, which
 * keeps the output byte-stable and greppable.
 */
export function toYaml(objects: readonly K8sObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

/** Tolerations that let a pod run on the control-plane node before the CCM has initialised it. */
export const CONTROL_PLANE_TOLERATIONS = [
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.cloudprovider.kubernetes.io/uninitialized', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
] as const;

/** For Deployments that must run on the cordoned (`SchedulingDisabled`) controller. */
export const CORDONED_CONTROL_PLANE_TOLERATIONS = [
  ...CONTROL_PLANE_TOLERATIONS,
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
] as const;

/** Node-level DaemonSets (CNI, kube-proxy, CSI node) must run everywhere, whatever the taints. */
export const TOLERATE_EVERYTHING = [{ operator: 'Exists' }] as const;

/** `hostPath` volume + mount in one go. */
export function hostPathVolume(
  name: string,
  path: string,
  opts: { readonly type?: string; readonly mountPath?: string; readonly readOnly?: boolean } = {},
): { readonly volume: Record<string, unknown>; readonly mount: Record<string, unknown> } {
  return {
    volume: { name, hostPath: { path, ...(opts.type === undefined ? {} : { type: opts.type }) } },
    mount: { name, mountPath: opts.mountPath ?? path, ...(opts.readOnly === true ? { readOnly: true } : {}) },
  };
}
