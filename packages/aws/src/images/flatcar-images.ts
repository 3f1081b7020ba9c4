/**
 * Finding the node image: `amiId` from cluster.yaml when set, else the newest Flatcar Container
 * Linux image of the configured release channel and architecture, published by Flatcar's account.
 */
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import type { EC2Client, Image } from '@aws-sdk/client-ec2';
import type { ClusterConfig } from '@kube-aws/config';
import type { ImageChoice } from '../contract.js';
import { isAwsError } from '../shared/aws-error.js';
import { nonRetryable } from '../shared/failure.js';
import { activitySignal } from '../shared/heartbeat.js';

/** The AWS account Flatcar publishes its AMIs from (the sandbox seeds its images with it too). */
export const FLATCAR_OWNER_ID = '075585003325';

/** `Flatcar-stable-4459.2.1-hvm` → [4459, 2, 1]: the release, to break CreationDate ties. */
function releaseOf(name: string): number[] {
  const match = /-(\d+(?:\.\d+)*)-/.exec(name);
  return match?.[1] ? match[1].split('.').map(Number) : [];
}

function compareNewestFirst(a: Image, b: Image): number {
  const byDate = (b.CreationDate ?? '').localeCompare(a.CreationDate ?? '');
  if (byDate !== 0) return byDate;
  const [ra, rb] = [releaseOf(a.Name ?? ''), releaseOf(b.Name ?? '')];
  for (let i = 0; i < Math.max(ra.length, rb.length); i += 1) {
    const d = (rb[i] ?? 0) - (ra[i] ?? 0);
    if (d !== 0) return d;
  }
  return (b.Name ?? '').localeCompare(a.Name ?? '');
}

/** One image by id, or undefined when the region has no such (available) image. */
export async function findImage(ec2: EC2Client, imageId: string): Promise<Image | undefined> {
  try {
    const out = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: activitySignal() });
    return out.Images?.find((i) => i.ImageId === imageId && (i.State === undefined || i.State === 'available'));
  } catch (error) {
    if (isAwsError(error, 'InvalidAMIID.NotFound', 'InvalidAMIID.Malformed', 'InvalidAMIID.Unavailable')) return undefined;
    throw error;
  }
}

/** The newest available Flatcar image of a channel and architecture, or undefined. */
export async function newestFlatcarImage(ec2: EC2Client, config: ClusterConfig, owner: string): Promise<Image | undefined> {
  const out = await ec2.send(
    new DescribeImagesCommand({
      Owners: [owner],
      Filters: [
        { Name: 'name', Values: [`Flatcar-${config.releaseChannel}-*`] },
        { Name: 'architecture', Values: [config.architecture] },
        { Name: 'virtualization-type', Values: ['hvm'] },
        { Name: 'state', Values: ['available'] },
      ],
    }),
    { abortSignal: activitySignal() },
  );
  return [...(out.Images ?? [])].sort(compareNewestFirst)[0];
}

/**
 * `resolveImage`. @throws ApplicationFailure `ConfigInvalid` when `amiId` does not exist in the
 * region, `PreflightFailed` when no Flatcar image of the channel is found.
 */
export async function resolveImage(ec2: EC2Client, config: ClusterConfig, owner: string = FLATCAR_OWNER_ID): Promise<ImageChoice> {
  if (config.amiId !== undefined) {
    const image = await findImage(ec2, config.amiId);
    if (!image?.ImageId) {
      throw nonRetryable(
        'ConfigInvalid',
        `cluster.yaml: amiId ${config.amiId} is not an available image in ${config.region}: use an AMI of that region, or remove amiId to use the newest Flatcar ${config.releaseChannel} image`,
      );
    }
    return { imageId: image.ImageId, name: image.Name ?? image.ImageId };
  }
  const newest = await newestFlatcarImage(ec2, config, owner);
  if (!newest?.ImageId) {
    throw nonRetryable(
      'PreflightFailed',
      `no Flatcar ${config.releaseChannel} image for ${config.architecture} from account ${owner} in ${config.region}: ` +
        'check releaseChannel and architecture in cluster.yaml, or set amiId to an image of that region',
    );
  }
  return { imageId: newest.ImageId, name: newest.Name ?? newest.ImageId };
}
