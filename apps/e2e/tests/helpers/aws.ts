/** Looks at the sandbox's AWS directly (through the proxy, as the product does) to check outcomes. */
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Sandbox } from '@kube-aws/sandbox';

function cloudFormation(sandbox: Sandbox): CloudFormationClient {
  const env = sandbox.env();
  return new CloudFormationClient({
    endpoint: sandbox.awsEndpoint,
    region: sandbox.region,
    credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID'] ?? 'sandbox', secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] ?? 'sandbox' },
  });
}

/** Every stack of that name that is not deleted: more than one means a retry made a second stack. */
export async function liveStacks(sandbox: Sandbox, name: string): Promise<{ id: string; status: string }[]> {
  const client = cloudFormation(sandbox);
  const found: { id: string; status: string }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListStacksCommand({ NextToken: token }));
    for (const s of page.StackSummaries ?? []) {
      if (s.StackName === name && s.StackStatus !== 'DELETE_COMPLETE') found.push({ id: s.StackId ?? '', status: s.StackStatus ?? '' });
    }
    token = page.NextToken;
  } while (token);
  return found;
}
