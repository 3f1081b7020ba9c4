import type { Command } from 'commander';
import type { InitOptions } from '@kube-aws/config';
import { writeInitialClusterYaml } from '@kube-aws/config/node';
import type { CommandContext } from '../context.js';
import { CliUsageError } from '../errors.js';

/** kube-aws's init flags, in its order; all required. */
const FLAGS = [
  ['--cluster-name', 'clusterName', 'name of the cluster; also the CloudFormation stack name'],
  ['--external-dns-name', 'externalDNSName', 'DNS name routable to the Kubernetes API (e.g. kube.example.com)'],
  ['--region', 'region', 'AWS region to create the cluster in (e.g. us-west-1)'],
  ['--availability-zone', 'availabilityZone', 'availability zone inside the region (e.g. us-west-1c)'],
  ['--key-name', 'keyName', 'name of an existing EC2 key pair for SSH to the nodes'],
  ['--kms-key-arn', 'kmsKeyArn', 'ARN of the KMS key that encrypts the TLS assets'],
] as const;

export function registerInit(program: Command, context: () => CommandContext): void {
  const command = program.command('init').description('Create a commented cluster.yaml in the current directory');
  for (const [flag, , help] of FLAGS) command.option(`${flag} <value>`, help);
  command.action(async (flags: Record<string, string | undefined>) => {
    const { dir, output } = context();
    // commander names `--external-dns-name` externalDnsName; cluster.yaml says externalDNSName.
    const value = (flag: string): string | undefined => flags[flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
    const missing = FLAGS.filter(([flag]) => !value(flag)).map(([flag]) => `"${flag}"`);
    if (missing.length > 0) throw new CliUsageError(`Missing required flag(s): ${missing.join(', ')}`);
    const options = Object.fromEntries(FLAGS.map(([flag, key]) => [key, value(flag)])) as unknown as InitOptions;

    const path = await writeInitialClusterYaml(dir, options);
    output.say('Success! Created cluster.yaml');
    output.say();
    output.say('Next steps:');
    output.say('1. (Optional) Edit cluster.yaml to parameterize the cluster.');
    output.say('2. Use the "kube-aws render" command to render the stack template.');
    output.result({ created: path });
  });
}
