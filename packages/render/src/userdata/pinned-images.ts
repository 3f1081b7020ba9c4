/**
 * {@link userdataImageProblems}: the images a rendered node config pins, checked against the
 * version table. Reads the config as the node will (every inline file decoded), so an image
 * written anywhere, not only where a builder took it from the table, is seen.
 */
import { Buffer } from 'node:buffer';
import type { ClusterConfig } from '@kube-aws/config';

import { pinnedImageProblems } from '../manifests/versions.js';
import { decodeDataUrl } from './data-url.js';
import type { IgnitionConfig } from './ignition-types.js';

/** Every inline file of `ign` as text, by node path. */
export function inlineFileTexts(ign: IgnitionConfig): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of ign.storage?.files ?? []) {
    const source = file.contents?.source;
    if (source?.startsWith('data:') !== true) continue;
    texts.set(file.path, Buffer.from(decodeDataUrl(source, file.contents?.compression)).toString('utf8'));
  }
  return texts;
}

/** `<userdata file>: <node path>: <image> is not in …` for each image outside the cluster's row. */
export function userdataImageProblems(config: ClusterConfig, file: string, ign: IgnitionConfig): string[] {
  return pinnedImageProblems(config.kubernetesVersion, inlineFileTexts(ign)).map((p) => `${file}: ${p}`);
}
