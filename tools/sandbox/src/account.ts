/**
 * The sandbox's AWS account, shaped like the seed's: moto's default account, the seed's region,
 * key pair, hosted zone, and a KMS key for the assets. Credentials are dummies: moto checks none.
 */
export const SANDBOX_ACCOUNT = '123456789012';
export const SANDBOX_REGION = 'us-west-1';
export const SANDBOX_KEY_PAIR = 'isaack-k8s';
export const SANDBOX_HOSTED_ZONE = 'isaack.io';
export const SANDBOX_KMS_ALIAS = 'alias/kube-aws-assets';
export const SANDBOX_KMS_DESCRIPTION = 'kube-aws assets';
export const SANDBOX_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } as const;
/** The owner of Flatcar's AMIs (tools/sandbox/moto/launch.py registers them under it). */
export const FLATCAR_OWNER = '075585003325';
