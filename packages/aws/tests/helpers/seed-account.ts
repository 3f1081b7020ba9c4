/** Seeds a moto account with what the seed's cluster expects to find: key pair, zone, KMS key. */
import { ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import type { AwsClients } from '../../src/clients.js';

export const KEY_NAME = 'isaack-k8s';
export const ZONE_NAME = 'isaack.io';
export const EXTERNAL_DNS_NAME = 'kube.isaack.io';

// A throwaway public key; moto only stores it.
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq9cVwzPqXn2lKQ0Zt0m3m1rD3mJ8qk0wY1c2dE3fG4 test@kube-aws';

export interface SeededAccount {
  readonly kmsKeyArn: string;
  readonly hostedZoneId: string;
}

export async function createKmsKey(clients: AwsClients): Promise<string> {
  const key = await clients.kms.send(new CreateKeyCommand({ Description: 'kube-aws test key' }));
  const arn = key.KeyMetadata?.Arn;
  if (!arn) throw new Error('moto CreateKey returned no ARN');
  return arn;
}

export async function seedAccount(clients: AwsClients, options: { keyPair?: boolean } = {}): Promise<SeededAccount> {
  if (options.keyPair !== false) {
    await clients.ec2.send(new ImportKeyPairCommand({ KeyName: KEY_NAME, PublicKeyMaterial: new TextEncoder().encode(PUBLIC_KEY) }));
  }
  const zone = await clients.route53.send(new CreateHostedZoneCommand({ Name: ZONE_NAME, CallerReference: `kube-aws-${Date.now()}-${Math.random()}` }));
  const hostedZoneId = (zone.HostedZone?.Id ?? '').replace(/^\/hostedzone\//, '');
  return { kmsKeyArn: await createKmsKey(clients), hostedZoneId };
}
