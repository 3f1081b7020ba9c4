/**
 * Mirror pods: the API-server copies of the static pods a kubelet runs from its staticPodPath. Built
 * as the kubelet builds them, so NodeRestriction admits them from the node's own identity: the
 * `kubernetes.io/config.mirror` annotation, bound to the node, owned (controller, no
 * blockOwnerDeletion) by the Node, and named `<pod>-<node>`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

import type { PodObject } from './pod-status.js';

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';

export interface StaticPodManifest {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  /** Like the kubelet's config hash: changes when the manifest does. */
  readonly hash: string;
  readonly pod: Record<string, unknown> & { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
}

export function readStaticPodManifest(file: string, nodeName: string): StaticPodManifest {
  const text = readFileSync(file, 'utf8');
  const pod = parse(text) as StaticPodManifest['pod'];
  const meta = (pod.metadata ?? {}) as { name?: string; namespace?: string };
  if (!meta.name) throw new TypeError(`static pod manifest ${file} has no metadata.name`);
  const hash = createHash('sha256').update(nodeName).update('\0').update(text).digest('hex').slice(0, 32);
  return { file, name: `${meta.name}-${nodeName}`, namespace: meta.namespace ?? 'default', hash, pod };
}

/** The mirror pod object for `manifest` on the node `nodeName` (whose Node has uid `nodeUid`). */
export function mirrorPod(manifest: StaticPodManifest, nodeName: string, nodeUid: string, seen: string): Record<string, unknown> {
  const meta = (manifest.pod.metadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const spec = (manifest.pod.spec ?? {}) as { tolerations?: unknown[] };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: manifest.name,
      namespace: manifest.namespace,
      labels: meta.labels ?? {},
      annotations: {
        ...(meta.annotations ?? {}),
        [CONFIG_HASH_ANNOTATION]: manifest.hash,
        [MIRROR_ANNOTATION]: manifest.hash,
        'kubernetes.io/config.seen': seen,
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }],
    },
    spec: {
      ...spec,
      nodeName,
      // The kubelet lets every static pod tolerate NoExecute taints: it runs it whatever the node's state.
      tolerations: [...(spec.tolerations ?? []), { operator: 'Exists', effect: 'NoExecute' }],
    },
  };
}

export function isMirrorPod(pod: PodObject): boolean {
  return pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined;
}
