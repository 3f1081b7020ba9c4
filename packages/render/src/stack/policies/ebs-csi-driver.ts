/**
 * aws-ebs-csi-driver's controller permissions: docs/example-iam-policy.json of aws-ebs-csi-driver
 * v1.59.0, the release the addon pins. The controller Deployment runs on the control-plane node,
 * so only the controller role gets these. Restated with these differences:
 * - Every change is scoped to this cluster's owned tag, which the driver puts on what it creates
 *   (`--k8s-tag-cluster-id`), instead of upstream's "any CSI volume" tags: CreateVolume needs the
 *   tag in the request; AttachVolume and DetachVolume need it on the volume and the instance;
 *   DeleteVolume, ModifyVolume and DeleteTags on the volume; a volume is made from a snapshot only
 *   if the snapshot carries it. So the role cannot delete, detach or copy another cluster's data.
 * - No snapshot actions (CreateSnapshot, DeleteSnapshot, LockSnapshot, EnableFastSnapshotRestores):
 *   kube-aws deploys no csi-snapshotter. No CopyVolumes (PVC cloning): IAM cannot tell the source
 *   volume from the new one under a request-tag condition, so a grant would copy any volume.
 * - Resources are this region and account, not `arn:aws:ec2:*:*:…`.
 * The read actions stay as upstream lists them, including what volume expansion needs
 * (DescribeVolumesModifications, DescribeSnapshots, DescribeTags).
 */
import { ec2Arn, ownedRequest, ownedResource } from './statement.js';
import type { PolicyContext, PolicyStatement } from './statement.js';

const READ_ACTIONS = [
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeSnapshots',
  'ec2:DescribeTags',
  'ec2:DescribeVolumes',
  'ec2:DescribeVolumesModifications',
  'ec2:DescribeVolumeStatus',
];

export function ebsCsiDriverStatements(ctx: PolicyContext): PolicyStatement[] {
  const { config } = ctx;
  const volumes = ec2Arn('volume/*');
  return [
    { Sid: 'EbsCsiRead', Effect: 'Allow', Action: READ_ACTIONS, Resource: '*' },
    { Sid: 'EbsCsiCreateOwnedVolume', Effect: 'Allow', Action: ['ec2:CreateVolume'], Resource: volumes, Condition: ownedRequest(config) },
    {
      Sid: 'EbsCsiCreateVolumeFromOwnedSnapshot',
      Effect: 'Allow',
      Action: ['ec2:CreateVolume'],
      Resource: ec2Arn('snapshot/*'),
      Condition: ownedResource(config),
    },
    {
      Sid: 'EbsCsiTagNewVolume',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: volumes,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateVolume' } },
    },
    {
      Sid: 'EbsCsiOwnedVolumes',
      Effect: 'Allow',
      Action: ['ec2:DeleteVolume', 'ec2:ModifyVolume', 'ec2:DeleteTags'],
      Resource: volumes,
      Condition: ownedResource(config),
    },
    {
      Sid: 'EbsCsiAttachOwned',
      Effect: 'Allow',
      Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
      Resource: [volumes, ec2Arn('instance/*')],
      Condition: ownedResource(config),
    },
  ];
}
