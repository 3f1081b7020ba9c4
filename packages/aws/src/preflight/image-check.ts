import { findImage } from '../images/flatcar-images.js';
import type { CheckResult, PreflightContext } from './preflight-context.js';

/** The image the nodes will boot exists (and is available) in the region. */
export async function checkImage({ config, clients, imageId }: PreflightContext): Promise<CheckResult> {
  const image = await findImage(clients.ec2, imageId);
  if (image) return { name: 'image', ok: true, detail: `${imageId} (${image.Name ?? 'unnamed'}) available in ${config.region}` };
  return {
    name: 'image',
    ok: false,
    detail: `image ${imageId} not found in ${config.region}: set amiId in cluster.yaml to an image of that region, or remove it to use the newest Flatcar ${config.releaseChannel} image`,
  };
}
