import { DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { isAwsError } from '../shared/aws-error.js';
import { activitySignal } from '../shared/heartbeat.js';
import type { CheckResult, PreflightContext } from './preflight-context.js';

/** The nodes' EC2 key pair exists in the cluster's region. */
export async function checkKeyPair({ config, clients }: PreflightContext): Promise<CheckResult> {
  const { keyName, region } = config;
  try {
    const out = await clients.ec2.send(new DescribeKeyPairsCommand({ KeyNames: [keyName] }), { abortSignal: activitySignal() });
    if (out.KeyPairs?.some((k) => k.KeyName === keyName)) return { name: 'key-pair', ok: true, detail: `key pair ${keyName} exists in ${region}` };
  } catch (error) {
    if (!isAwsError(error, 'InvalidKeyPair.NotFound')) throw error;
  }
  return {
    name: 'key-pair',
    ok: false,
    detail:
      `key pair ${keyName} not found in ${region}: import it (aws ec2 import-key-pair --region ${region} --key-name ${keyName} ` +
      '--public-key-material fileb://~/.ssh/id_ed25519.pub) or set keyName in cluster.yaml to one that exists',
  };
}
