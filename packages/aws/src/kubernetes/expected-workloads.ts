/**
 * What kube-system must run once the cluster is up, read from the controller's rendered Ignition
 * (`userdata/controller.ign`): the static pods under /etc/kubernetes/manifests/ and the
 * Deployments and DaemonSets of the addons under /etc/kubernetes/addons/. Reading the userdata
 * rather than the cluster means a workload whose addon was never applied counts as missing,
 * instead of verify calling an empty kube-system ready.
 */
import { loadAllYaml } from '@kubernetes/client-node';
import { decodeDataUrl } from '@kube-aws/render';
import type { AssetStore } from '../assets/asset-store.js';
import { readAsset } from './cluster-access.js';

export const CONTROLLER_USERDATA = 'userdata/controller.ign';
export const KUBE_SYSTEM = 'kube-system';
const STATIC_POD_DIR = '/etc/kubernetes/manifests/';
const ADDON_DIR = '/etc/kubernetes/addons/';

export interface ExpectedWorkload {
  readonly kind: 'Deployment' | 'DaemonSet' | 'StaticPod';
  readonly name: string;
  /** The node path of the manifest that makes it. */
  readonly source: string;
  /** spec.replicas of a Deployment (1 when unset). */
  readonly replicas?: number;
}

interface IgnitionFile {
  readonly path?: unknown;
  readonly contents?: { readonly source?: unknown; readonly compression?: unknown };
}

interface ManifestDoc {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly spec?: { readonly replicas?: unknown };
}

function docsOf(file: IgnitionFile): ManifestDoc[] {
  const source = file.contents?.source;
  if (typeof source !== 'string' || !source.startsWith('data:')) return [];
  try {
    const compression = typeof file.contents?.compression === 'string' ? file.contents.compression : undefined;
    const text = new TextDecoder().decode(decodeDataUrl(source, compression));
    return (loadAllYaml(text) as unknown[]).filter((d): d is ManifestDoc => typeof d === 'object' && d !== null);
  } catch {
    // An unreadable manifest is validate's to report (validateEmbeddedManifests); here it adds nothing.
    return [];
  }
}

/** The workloads the controller's userdata puts in kube-system, in file order. */
export function expectedWorkloadsOf(ignition: unknown): ExpectedWorkload[] {
  const files = (ignition as { storage?: { files?: unknown } } | null)?.storage?.files;
  if (!Array.isArray(files)) return [];
  const expected: ExpectedWorkload[] = [];
  for (const file of files as IgnitionFile[]) {
    const path = typeof file.path === 'string' ? file.path : '';
    const isStatic = path.startsWith(STATIC_POD_DIR);
    if (!isStatic && !path.startsWith(ADDON_DIR)) continue;
    for (const doc of docsOf(file)) {
      const name = doc.metadata?.name;
      const namespace = doc.metadata?.namespace ?? (isStatic ? KUBE_SYSTEM : undefined);
      if (typeof name !== 'string' || namespace !== KUBE_SYSTEM) continue;
      if (isStatic && doc.kind === 'Pod') expected.push({ kind: 'StaticPod', name, source: path });
      if (!isStatic && doc.kind === 'DaemonSet') expected.push({ kind: 'DaemonSet', name, source: path });
      if (!isStatic && doc.kind === 'Deployment') {
        // A nonsensical count (the API server rejects it) still means "expected to run".
        const r = doc.spec?.replicas;
        const replicas = typeof r === 'number' && Number.isInteger(r) && r >= 0 ? r : 1;
        expected.push({ kind: 'Deployment', name, source: path, replicas });
      }
    }
  }
  return expected;
}

/** {@link expectedWorkloadsOf} the store's `userdata/controller.ign`. */
export async function readExpectedWorkloads(store: AssetStore): Promise<ExpectedWorkload[]> {
  const text = await readAsset(store, CONTROLLER_USERDATA);
  try {
    return expectedWorkloadsOf(JSON.parse(text));
  } catch {
    return []; // not JSON: validate reports it; verify still waits for what the cluster shows.
  }
}
