/**
 * The cluster's assets bucket: full node configs (Ignition) too large for EC2 user data, which the
 * nodes fetch at boot. Encrypted with the cluster's KMS key, private, versioned (a bad upload can be
 * rolled back). The name is left to CloudFormation; readers get it from the `AssetsBucket` output.
 */
import { ASSETS_BUCKET, KMS_KEY_ARN_PARAMETER } from './logical-ids.js';
import { ref } from './template-builder.js';
import type { Ref, TemplateBuilder } from './template-builder.js';

/** The key is the `KmsKeyArn` parameter: the resolved key ARN, the same one the node roles may use. */
export function addAssetsBucket(b: TemplateBuilder): Ref<'AWS::S3::Bucket'> {
  return b.add(ASSETS_BUCKET, {
    Type: 'AWS::S3::Bucket',
    Properties: {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ref(KMS_KEY_ARN_PARAMETER) },
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
