/**
 * The cluster's assets bucket: full node configs (Ignition) too large for EC2 user data, which the
 * nodes fetch at boot. Encrypted with the cluster's KMS key, private, versioned (a bad upload can be
 * rolled back). The name is left to CloudFormation; readers get it from the `AssetsBucket` output.
 *
 * Its policy is a second fence behind the node roles' own policies:
 * - every request without TLS is denied (`aws:SecureTransport` false);
 * - every request from a principal other than the two node roles and the deploying principal
 *   (`DeployerPrincipalArns`, which `up` sets) is denied, so an account principal with broad S3
 *   read (ReadOnlyAccess, `s3:GetObject` on `*`) still cannot read node configs.
 * The second Deny leaves out reading, replacing and deleting the policy itself: any admin of the
 * account can still repair it, CloudFormation can update it when another principal runs `up` (which
 * names that principal), and the stack can be deleted once the bucket is empty. The trade-off: a
 * principal not named (a teammate, CI) cannot upload configs or empty the bucket (`destroy`) until
 * it has run `up`, which puts it in the policy.
 */
import { ASSETS_BUCKET, ASSETS_BUCKET_POLICY, DEPLOYER_PRINCIPALS_PARAMETER, KMS_KEY_ARN_PARAMETER } from './logical-ids.js';
import type { PolicyStatement } from './policies/statement.js';
import { getAtt, join, ref, split, sub } from './template-builder.js';
import type { CfnValue, Ref, TemplateBuilder } from './template-builder.js';

/** The key is the `KmsKeyArn` parameter: the resolved key ARN, the same one the node roles may use. */
export function addAssetsBucket(b: TemplateBuilder): Ref<'AWS::S3::Bucket'> {
  return b.add(ASSETS_BUCKET, {
    Type: 'AWS::S3::Bucket',
    Properties: {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ref(KMS_KEY_ARN_PARAMETER) },
            // One data key per bucket instead of a KMS call per object read. It also makes the
            // bucket ARN S3's encryption context, which the node roles' kms:Decrypt is bound to.
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

/** Actions the principal Deny leaves to IAM alone, so the policy can always be repaired. */
const POLICY_ACTIONS = ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'];

export interface BucketPolicyPrincipals {
  readonly controllerRole: Ref<'AWS::IAM::Role'>;
  readonly workerRole: Ref<'AWS::IAM::Role'>;
}

export function addAssetsBucketPolicy(b: TemplateBuilder, bucket: Ref<'AWS::S3::Bucket'>, roles: BucketPolicyPrincipals): void {
  const resources: CfnValue[] = [sub(`arn:\${AWS::Partition}:s3:::\${${bucket.Ref}}`), sub(`arn:\${AWS::Partition}:s3:::\${${bucket.Ref}}/*`)];
  // One list of role ARNs and deployer patterns: the parameter holds one or two patterns.
  const allowed = split(',', join(',', [getAtt(roles.controllerRole, 'Arn'), getAtt(roles.workerRole, 'Arn'), ref(DEPLOYER_PRINCIPALS_PARAMETER)]));
  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyWithoutTls',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*'],
      Resource: resources,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyAllButNodesAndDeployer',
      Effect: 'Deny',
      Principal: '*',
      NotAction: POLICY_ACTIONS,
      Resource: resources,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': allowed } },
    },
  ];
  b.add(ASSETS_BUCKET_POLICY, {
    Type: 'AWS::S3::BucketPolicy',
    Properties: { Bucket: bucket, PolicyDocument: { Version: '2012-10-17', Statement: statements } },
  });
}
