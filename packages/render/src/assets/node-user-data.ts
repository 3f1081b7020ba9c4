/**
 * The EC2 user data of each node role: a small Ignition stub that replaces itself with the full
 * config from the cluster's assets bucket. The stub is a CloudFormation `Fn::Sub` so the template
 * stays the same from render to up: the bucket name comes from the stack itself and the configs'
 * digests are stack parameters, set by `up` after it has encrypted and uploaded the configs.
 */
import { ASSETS_BUCKET, DEFAULT_ASSET_KEYS } from '../stack/index.js';
import type { CfnParameter, CfnValue } from '../stack/index.js';
import { buildIgnitionStub, serializeIgnitionStub } from '../userdata/stub.js';
import type { NodeRole } from '../userdata/ignition-types.js';

/** Template parameters that carry the SHA-512 (hex) of each role's uploaded config. */
export const CONFIG_DIGEST_PARAMETERS: Readonly<Record<NodeRole, string>> = {
  controller: 'ControllerConfigSha512',
  worker: 'WorkerConfigSha512',
};

/** Template parameter with the node AMI; `up` fills it from `amiId` or the Flatcar lookup. */
export const IMAGE_ID_PARAMETER = 'ImageId';

/** Where each role's full config lives in the assets bucket (inside what the node's IAM role may read). */
export const NODE_CONFIG_KEYS: Readonly<Record<NodeRole, string>> = {
  controller: `${DEFAULT_ASSET_KEYS.controllerPrefix}config.ign`,
  worker: DEFAULT_ASSET_KEYS.workerObject,
};

/** The parameters the node user data and AMI refer to. */
export function nodeParameters(amiId: string | undefined): Record<string, CfnParameter> {
  const digest = (role: NodeRole): CfnParameter => ({
    Type: 'String',
    Description: `SHA-512 (hex) of the ${role} Ignition config uploaded to the assets bucket; set by kube-aws up`,
    AllowedPattern: '^([0-9a-f]{128}|pending)$',
    Default: 'pending',
  });
  return {
    [IMAGE_ID_PARAMETER]: {
      // The AWS-specific type makes CloudFormation check the image exists before creating
      // anything (and cfn-lint, which moto's ValidateTemplate runs, warns on a plain String).
      Type: 'AWS::EC2::Image::Id',
      Description: 'Flatcar Container Linux AMI for every node; set by kube-aws up (amiId, or the newest image of releaseChannel)',
      ...(amiId === undefined ? {} : { Default: amiId }),
    },
    [CONFIG_DIGEST_PARAMETERS.controller]: digest('controller'),
    [CONFIG_DIGEST_PARAMETERS.worker]: digest('worker'),
  };
}

/** A digest no real config has; swapped for the parameter placeholder after the stub is built. */
const DIGEST_SENTINEL = '0'.repeat(128);

/** The stub's JSON with CloudFormation placeholders for the bucket and the digest. */
export function nodeStubTemplate(role: NodeRole): string {
  const stub = buildIgnitionStub({ source: `s3://\${${ASSETS_BUCKET}}/${NODE_CONFIG_KEYS[role]}`, sha512: DIGEST_SENTINEL });
  // The stub builder insists on a real hex digest; the template wants a Fn::Sub placeholder there.
  return serializeIgnitionStub(stub).replace(DIGEST_SENTINEL, `\${${CONFIG_DIGEST_PARAMETERS[role]}}`);
}

/** `UserData` for a role: base64 of the stub with the placeholders substituted by CloudFormation. */
export function nodeUserData(role: NodeRole): CfnValue {
  return { 'Fn::Base64': { 'Fn::Sub': nodeStubTemplate(role) } };
}

/**
 * The stub as EC2 will receive it, for a bucket name and digest: what `validate` measures against
 * the 16 KB user-data limit (with the longest bucket name S3 allows).
 */
export function expandNodeStub(role: NodeRole, bucket: string, sha512Hex: string): string {
  return nodeStubTemplate(role)
    .replaceAll(`\${${ASSETS_BUCKET}}`, bucket)
    .replaceAll(`\${${CONFIG_DIGEST_PARAMETERS[role]}}`, sha512Hex);
}
