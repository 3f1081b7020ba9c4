/**
 * The AWS account of the cluster's workflow ID: STS GetCallerIdentity with the SDK's standard
 * settings (credential chain, AWS_ENDPOINT_URL), in the cluster's region. It is the only AWS call
 * the CLI makes itself (besides an `s3://` assets sync); everything else runs in the worker.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsIdentityError } from '../errors.js';

export async function resolveAwsAccount(region: string): Promise<string> {
  const sts = new STSClient({ region, maxAttempts: 2 });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new AwsIdentityError(region, 'the answer had no account');
    return identity.Account;
  } catch (error) {
    if (error instanceof AwsIdentityError) throw error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new AwsIdentityError(region, detail, error);
  } finally {
    sts.destroy();
  }
}
