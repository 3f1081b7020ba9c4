/**
 * Puts the seed account's pre-existing resources into moto over the AWS API, as a user would
 * have them before running kube-aws: the EC2 key pair, the Route53 hosted zone and the KMS key
 * (with an alias, so a second run finds it). Idempotent: whatever exists is found, not remade.
 */
import { generateKeyPairSync } from 'node:crypto';
import { DescribeKeyPairsCommand, EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { CreateHostedZoneCommand, ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53';
import {
  SANDBOX_CREDENTIALS,
  SANDBOX_HOSTED_ZONE,
  SANDBOX_KEY_PAIR,
  SANDBOX_KMS_ALIAS,
  SANDBOX_KMS_DESCRIPTION,
  SANDBOX_REGION,
} from './account.js';
import { SeedError } from './errors.js';

export interface SeedResult {
  readonly keyPairName: string;
  readonly hostedZoneId: string;
  readonly kmsKeyArn: string;
}

/** An OpenSSH `ssh-ed25519` public key line; the private half is thrown away (nobody logs in to moto). */
export function sandboxPublicKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  // RFC 4253 wire format: each field is a uint32 length, then the bytes.
  const withLength = (b: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(b.length);
    return Buffer.concat([length, b]);
  };
  const blob = Buffer.concat([withLength(Buffer.from('ssh-ed25519')), withLength(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')} kube-aws-sandbox`;
}

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new SeedError(name, err);
  }
}

/** Seeds the account behind `endpoint` (moto's URL; the proxy's works too). */
export async function seedAccount(endpoint: string, region = SANDBOX_REGION): Promise<SeedResult> {
  const config = { endpoint, region, credentials: SANDBOX_CREDENTIALS, maxAttempts: 5 };
  const ec2 = new EC2Client(config);
  const kms = new KMSClient(config);
  const route53 = new Route53Client(config);
  try {
    await step('key pair', async () => {
      const found = await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: [SANDBOX_KEY_PAIR] }] }));
      if ((found.KeyPairs ?? []).length === 0) {
        await ec2.send(new ImportKeyPairCommand({ KeyName: SANDBOX_KEY_PAIR, PublicKeyMaterial: Buffer.from(sandboxPublicKey()) }));
      }
    });

    const hostedZoneId = await step('hosted zone', async () => {
      const zones = await route53.send(new ListHostedZonesByNameCommand({ DNSName: SANDBOX_HOSTED_ZONE }));
      const zone = (zones.HostedZones ?? []).find((z) => z.Name === `${SANDBOX_HOSTED_ZONE}.`);
      if (zone?.Id) return zone.Id;
      const made = await route53.send(
        new CreateHostedZoneCommand({ Name: SANDBOX_HOSTED_ZONE, CallerReference: `kube-aws-sandbox-${Date.now()}` }),
      );
      return made.HostedZone?.Id ?? '';
    });

    const kmsKeyArn = await step('KMS key', async () => {
      const aliases = await kms.send(new ListAliasesCommand({}));
      const alias = (aliases.Aliases ?? []).find((a) => a.AliasName === SANDBOX_KMS_ALIAS);
      if (alias?.TargetKeyId) {
        const key = await kms.send(new DescribeKeyCommand({ KeyId: alias.TargetKeyId }));
        if (key.KeyMetadata?.Arn) return key.KeyMetadata.Arn;
      }
      const key = await kms.send(new CreateKeyCommand({ Description: SANDBOX_KMS_DESCRIPTION }));
      const arn = key.KeyMetadata?.Arn ?? '';
      await kms.send(new CreateAliasCommand({ AliasName: SANDBOX_KMS_ALIAS, TargetKeyId: key.KeyMetadata?.KeyId ?? arn }));
      return arn;
    });

    return { keyPairName: SANDBOX_KEY_PAIR, hostedZoneId, kmsKeyArn };
  } finally {
    ec2.destroy();
    kms.destroy();
    route53.destroy();
  }
}
