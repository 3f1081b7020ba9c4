/**
 * The cluster's assets bucket: full node configs (Ignition) too large for EC2 user data, which the
 * nodes fetch at boot. Encrypted with the cluster's KMS key, private, versioned (a bad upload can be
 * rolled back). The name is left to CloudFormation; readers get it from the `AssetsBucket` output.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { ASSETS_BUCKET } from './logical-ids.js';
import type { Ref, TemplateBuilder } from './template-builder.js';

export function addAssetsBucket(b: TemplateBuilder, config: ClusterConfig): Ref<'AWS::S3::Bucket'> {
  return b.add(ASSETS_BUCKET, {
    Type: 'AWS::S3::Bucket',
    Properties: {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: config.kmsKeyArn },
            // One data key per bucket instead of a KMS call per object read.
            BucketKeyEnabled: true,
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
    },
  });
}
