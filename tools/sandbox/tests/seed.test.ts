import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CreateSubnetCommand, CreateVpcCommand, DescribeAvailabilityZonesCommand, DescribeImagesCommand, DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ensurePythonTools } from '../install.mjs';
import type { Sandbox } from '../src/index.js';
import { clientConfig, testSandbox } from './helpers.js';

describe('the seeded account (and Temporal) in an in-process sandbox', () => {
  let sandbox: Sandbox;
  let ec2: EC2Client;
  before(async () => {
    sandbox = await testSandbox({ temporal: true });
    ec2 = new EC2Client(clientConfig(sandbox, 3));
  });
  after(async () => {
    ec2?.destroy();
    await sandbox?.stop();
  });

  it('hands out the environment the product reads', () => {
    const env = sandbox.env();
    assert.deepEqual(Object.keys(env).sort(), [
      'AWS_ACCESS_KEY_ID',
      'AWS_ENDPOINT_URL',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'KUBE_AWS_KMS_KEY_ARN',
      'KUBE_AWS_TEMPORAL_UI',
      'TEMPORAL_ADDRESS',
      'TEMPORAL_NAMESPACE',
    ]);
    assert.equal(env['AWS_ENDPOINT_URL'], sandbox.awsEndpoint);
    assert.equal(env['AWS_REGION'], 'us-west-1');
    assert.equal(env['KUBE_AWS_KMS_KEY_ARN'], sandbox.kmsKeyArn);
    assert.equal(sandbox.account, '123456789012');
  });

  it('has the seed’s key pair, hosted zone and KMS key', async () => {
    const keys = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['isaack-k8s'] }));
    assert.equal(keys.KeyPairs?.[0]?.KeyName, 'isaack-k8s');
    const route53 = new Route53Client(clientConfig(sandbox, 3));
    const zones = await route53.send(new ListHostedZonesByNameCommand({ DNSName: 'isaack.io' }));
    assert.equal(zones.HostedZones?.[0]?.Name, 'isaack.io.');
    route53.destroy();
    const kms = new KMSClient(clientConfig(sandbox, 3));
    const key = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/kube-aws-assets' }));
    assert.equal(key.KeyMetadata?.Arn, sandbox.kmsKeyArn);
    assert.equal(key.KeyMetadata?.Description, 'kube-aws assets');
    assert.match(sandbox.kmsKeyArn, /^arn:aws:kms:us-west-1:123456789012:key\//);
    kms.destroy();
  });

  it('has Flatcar AMIs under Flatcar’s owner id, for both architectures', async () => {
    const images = await ec2.send(
      new DescribeImagesCommand({ Owners: ['075585003325'], Filters: [{ Name: 'name', Values: ['Flatcar-stable-*'] }] }),
    );
    const names = (images.Images ?? []).map((i) => `${i.Name} ${i.Architecture}`).sort();
    assert.ok(names.includes('Flatcar-stable-4459.2.1-hvm x86_64'), names.join(', '));
    assert.ok(names.includes('Flatcar-stable-4459.2.1-arm64-hvm arm64'), names.join(', '));
    const image = (images.Images ?? []).find((i) => i.Name === 'Flatcar-stable-4459.2.1-hvm');
    assert.equal(image?.OwnerId, '075585003325');
    assert.equal(image?.RootDeviceName, '/dev/xvda');
    assert.equal(image?.VirtualizationType, 'hvm');
    for (const channel of ['beta', 'alpha', 'lts']) {
      const other = await ec2.send(new DescribeImagesCommand({ Owners: ['075585003325'], Filters: [{ Name: 'name', Values: [`Flatcar-${channel}-*-hvm`] }] }));
      assert.ok((other.Images ?? []).length > 0, `a ${channel} AMI`);
    }
  });

  it('knows the seed account’s zones: a subnet in us-west-1c can be made', async () => {
    const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    const names = (zones.AvailabilityZones ?? []).map((z) => z.ZoneName);
    assert.ok(names.includes('us-west-1b') && names.includes('us-west-1c'), names.join(', '));
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpc.Vpc?.VpcId, CidrBlock: '10.9.1.0/24', AvailabilityZone: 'us-west-1c' }));
    assert.equal(subnet.Subnet?.AvailabilityZone, 'us-west-1c');
  });

  it('reset() wipes AWS state and seeds it again', async () => {
    const before = sandbox.kmsKeyArn;
    await sandbox.reset();
    assert.notEqual(sandbox.kmsKeyArn, before, 'a new key after the wipe');
    const keys = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['isaack-k8s'] }));
    assert.equal(keys.KeyPairs?.length, 1);
  });

  it('runs a Temporal dev server with kube-aws’s search attributes', () => {
    const { temporal } = ensurePythonTools();
    const address = sandbox.temporalAddress ?? '';
    const health = spawnSync(temporal, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8' });
    assert.match(health.stdout, /SERVING/);
    const attrs = spawnSync(temporal, ['operator', 'search-attribute', 'list', '--address', address], { encoding: 'utf8' });
    for (const name of ['ClusterName', 'Region', 'Account', 'Step']) assert.match(attrs.stdout, new RegExp(`${name}\\s+Keyword`));
  });
});
