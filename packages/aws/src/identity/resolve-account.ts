/** `resolveAccount`: who the credentials are, for workflow IDs and messages. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AccountIdentity } from '../contract.js';
import { activitySignal } from '../shared/heartbeat.js';

export async function resolveAccount(sts: STSClient, region: string): Promise<AccountIdentity> {
  const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: activitySignal() });
  if (!out.Account || !out.Arn) throw new Error('STS GetCallerIdentity returned no account');
  return { account: out.Account, region, arn: out.Arn };
}
