/**
 * kube-aws's own grants: each role reads its own node config from the assets bucket and decrypts
 * its own TLS assets, nothing else.
 * - TLS assets are KMS ciphertexts bound to their file name (`EncryptionContext {asset: <file>}`,
 *   which the decrypt script passes back), so `kms:EncryptionContext:asset` must be one of the
 *   role's files (`nodeAssetNames`): a worker cannot decrypt ca-key.pem, apiserver-key.pem,
 *   service-account-key.pem or any etcd key, even holding their ciphertexts.
 * - Ignition's S3 fetch of the SSE-KMS config makes S3 call kms:Decrypt as the node. With the
 *   bucket's S3 Bucket Key (and uploads that ask for it) S3's encryption context is the *bucket*
 *   ARN (`aws:s3:arn`); the grant needs that context and `kms:ViaService` S3, so the key is usable
 *   only through S3, where GetObject is limited to the role's own keys.
 */
import { nodeAssetNames } from '../../userdata/node-assets.js';
import type { NodeRole } from '../../userdata/ignition-types.js';
import { KMS_KEY_ARN_PARAMETER } from '../logical-ids.js';
import { ref, sub } from '../template-builder.js';
import type { PolicyContext, PolicyStatement } from './statement.js';

/** The S3 object ARNs a role may read. */
function ownObjects(ctx: PolicyContext, role: NodeRole): string {
  return role === 'controller' ? `${ctx.assetKeys.controllerPrefix}*` : ctx.assetKeys.workerObject;
}

export function nodeAssetStatements(ctx: PolicyContext, role: NodeRole): PolicyStatement[] {
  const bucket = ctx.assetsBucket.Ref;
  return [
    {
      Sid: 'DecryptOwnTlsAssets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: ref(KMS_KEY_ARN_PARAMETER),
      Condition: { StringEquals: { 'kms:EncryptionContext:asset': [...nodeAssetNames(role)] } },
    },
    {
      Sid: 'DecryptAssetsBucketThroughS3',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: ref(KMS_KEY_ARN_PARAMETER),
      Condition: {
        StringEquals: {
          'kms:EncryptionContext:aws:s3:arn': sub(`arn:\${AWS::Partition}:s3:::\${${bucket}}`),
          'kms:ViaService': sub('s3.${AWS::Region}.amazonaws.com'),
        },
      },
    },
    {
      Sid: 'ReadOwnNodeConfig',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: sub(`arn:\${AWS::Partition}:s3:::\${${bucket}}/${ownObjects(ctx, role)}`),
    },
  ];
}
