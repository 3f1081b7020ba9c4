/**
 * preflight against a moto account seeded like the seed's (key pair, hosted zone, KMS key, Flatcar
 * AMIs): passes there, and reports every problem at once when several things are wrong.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { AwsClients } from '../../src/clients.js';
import type { PreflightCheck } from '../../src/contract.js';
import { STACK_OWNER_TAG } from '../../src/contract.js';
import { rejectsWithFailure, runActivity } from '../helpers/activity-env.js';
import type { ClusterYamlOptions } from '../helpers/cluster-dir.js';
import { fileUri, makeTempDir, removeDir, writeClusterYaml } from '../helpers/cluster-dir.js';
import { FLATCAR_AMIS, MOTO_ACCOUNT, startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';
import { createKmsKey, seedAccount } from '../helpers/seed-account.js';
import type { SeededAccount } from '../helpers/seed-account.js';

const STABLE_AMI = FLATCAR_AMIS[0]?.id ?? '';

describe('preflight (moto, seeded account)', () => {
  let moto: MotoServer;
  let clients: AwsClients;
  let account: SeededAccount;
  const dirs: string[] = [];
  const activities = createNodeAndAssetActivities(resolveDeps());

  /** A cluster directory with cluster.yaml only (preflight reads nothing else). */
  const cluster = async (options: Partial<ClusterYamlOptions> = {}, recordSet = true): Promise<string> => {
    const dir = await makeTempDir();
    dirs.push(dir);
    await writeClusterYaml(dir, {
      kmsKeyArn: account.kmsKeyArn,
      ...options,
      extra: [...(recordSet ? ['createRecordSet: true', `hostedZoneId: ${account.hostedZoneId}`] : []), ...(options.extra ?? [])],
    });
    return fileUri(dir);
  };
  const run = (assetsUri: string, imageId = STABLE_AMI): Promise<readonly PreflightCheck[]> => runActivity(() => activities.preflight({ assetsUri, imageId }));
  const failedChecks = (details: unknown[]): PreflightCheck[] => ((details[0] as { checks: PreflightCheck[] }).checks ?? []).filter((c) => !c.ok);

  before(async () => {
    moto = await startMoto();
    clients = moto.clients();
    account = await seedAccount(clients);
  });
  after(async () => {
    await moto?.stop();
    for (const dir of dirs) await removeDir(dir);
  });

  it('passes every check on the seeded account', async () => {
    const checks = await run(await cluster());
    assert.deepEqual(checks.map((c) => c.name).sort(), ['availability-zones', 'hosted-zone', 'image', 'instance-types', 'key-pair', 'kms-key', 'stack-name', 'vpc']);
    for (const check of checks) assert.ok(check.ok, `${check.name}: ${check.detail}`);
    const kms = checks.find((c) => c.name === 'kms-key');
    assert.equal(kms?.keyArn, account.kmsKeyArn, 'a key ARN resolves to itself');
    assert.equal(kms?.note, undefined, 'no note without an alias');
  });

  it('resolves an alias ARN to its key ARN (DescribeKey), with a note saying so', async () => {
    const keyArn = await createKmsKey(clients);
    await clients.kms.send(new CreateAliasCommand({ AliasName: 'alias/kube-aws-assets', TargetKeyId: keyArn }));
    const alias = `arn:aws:kms:us-west-1:${MOTO_ACCOUNT}:alias/kube-aws-assets`;
    const checks = await run(await cluster({ kmsKeyArn: alias }));
    const kms = checks.find((c) => c.name === 'kms-key');
    assert.equal(kms?.ok, true, kms?.detail);
    assert.equal(kms?.keyArn, keyArn);
    assert.equal(kms?.note, `kmsKeyArn alias/kube-aws-assets resolves to ${keyArn}`);
  });

  it('fails a key the nodes cannot use: missing alias, disabled, pending deletion, asymmetric', async () => {
    const reasons: [string, RegExp][] = [];
    reasons.push([`arn:aws:kms:us-west-1:${MOTO_ACCOUNT}:alias/no-such-alias`, /does not exist in us-west-1: create the alias/]);
    const disabled = await createKmsKey(clients);
    // moto's DisableKey and ScheduleKeyDeletion take the key id only (AWS takes the ARN too).
    const keyId = (arn: string): string => arn.split('/').pop() ?? arn;
    await clients.kms.send(new DisableKeyCommand({ KeyId: keyId(disabled) }));
    reasons.push([disabled, /is disabled: enable it \(aws kms enable-key/]);
    const deleted = await createKmsKey(clients);
    await clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId(deleted), PendingWindowInDays: 7 }));
    reasons.push([deleted, /is scheduled for deletion on \d{4}-\d\d-\d\d \(PendingDeletion\): cancel it/]);
    const signing = (await clients.kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata?.Arn ?? '';
    reasons.push([signing, /is a RSA_2048 key for SIGN_VERIFY/]);
    for (const [kmsKeyArn, reason] of reasons) {
      const failure = await rejectsWithFailure(run(await cluster({ kmsKeyArn }, false)), 'PreflightFailed');
      assert.deepEqual(failedChecks(failure.details ?? []).map((c) => c.name), ['kms-key'], kmsKeyArn);
      assert.match(failure.message, reason);
      assert.match(failure.message, /kms-key: kmsKeyArn arn:aws:kms:us-west-1:/);
    }
  });

  it('fails an instance type the zone does not offer, with a did-you-mean naming the field', async () => {
    // moto's us-west-1a offers t2.micro and the m-classes, as a real zone does.
    const checks = await run(await cluster({ extra: ['controllerInstanceType: m3.medium', 'workerInstanceType: t2.micro'] }, false));
    assert.equal(checks.find((c) => c.name === 'instance-types')?.ok, true);
    const failure = await rejectsWithFailure(run(await cluster({ extra: ['controllerInstanceType: m3.meduim'] }, false)), 'PreflightFailed');
    assert.deepEqual(failedChecks(failure.details ?? []).map((c) => c.name), ['instance-types']);
    assert.match(failure.message, /controllerInstanceType m3\.meduim \(cluster\.yaml\) is not an instance type offered in us-west-1a: did you mean m3\.medium\?/);
  });

  it('lists every failed check in one PreflightFailed: key pair, existing record, wrong zone, missing image', async () => {
    await clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: account.hostedZoneId,
        ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'kube.isaack.io', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '203.0.113.7' }] } }] },
      }),
    );
    const uri = await cluster({ keyName: 'no-such-key', availabilityZone: 'us-west-1c' });
    const failure = await rejectsWithFailure(run(uri, 'ami-00000000000000009'), 'PreflightFailed');
    const failed = failedChecks(failure.details ?? []);
    assert.deepEqual(failed.map((c) => c.name).sort(), ['availability-zones', 'hosted-zone', 'image', 'key-pair']);
    assert.match(failure.message, /key pair no-such-key not found in us-west-1: import it \(aws ec2 import-key-pair/);
    assert.match(failure.message, /record for kube\.isaack\.io already exists in zone isaack\.io\./);
    assert.match(failure.message, /us-west-1c is not available in us-west-1 .*available: us-west-1a, us-west-1b/);
    assert.match(failure.message, /image ami-00000000000000009 not found/);
    // The passing checks are still reported, in the failure's details.
    assert.equal((failure.details?.[0] as { checks: PreflightCheck[] }).checks.length, 8);
    // moto lists no instance type offerings for us-west-1c: the check falls back to the region's.
    assert.match((failure.details?.[0] as { checks: PreflightCheck[] }).checks.find((c) => c.name === 'instance-types')?.detail ?? '', /checked against us-west-1's/);
  });

  it('needs no record check when createRecordSet is off', async () => {
    const checks = await run(await cluster({}, false));
    assert.equal(checks.find((c) => c.name === 'hosted-zone')?.ok, true);
  });

  it('refuses a stack of that name that kube-aws did not make', async () => {
    await clients.cloudFormation.send(
      new CreateStackCommand({
        StackName: 'foreign-cluster',
        TemplateBody: JSON.stringify({ Resources: { Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'not kube-aws' } } } }),
      }),
    );
    const failure = await rejectsWithFailure(run(await cluster({ clusterName: 'foreign-cluster' }, false)), 'PreflightFailed');
    assert.deepEqual(failedChecks(failure.details ?? []).map((c) => c.name), ['stack-name']);
    assert.match(failure.message, /not created by kube-aws for this cluster \(no tag kube-aws:cluster=foreign-cluster\)/);
  });

  it('accepts its own stack, and the DNS record that stack made (a resumed up)', async () => {
    await clients.cloudFormation.send(
      new CreateStackCommand({
        StackName: 'own-cluster',
        Tags: [{ Key: STACK_OWNER_TAG, Value: 'own-cluster' }],
        TemplateBody: JSON.stringify({
          Resources: {
            ExternalDNS: {
              Type: 'AWS::Route53::RecordSet',
              Properties: { HostedZoneId: account.hostedZoneId, Name: 'own.isaack.io', Type: 'A', TTL: '300', ResourceRecords: ['203.0.113.8'] },
            },
          },
        }),
      }),
    );
    const checks = await run(await cluster({ clusterName: 'own-cluster', externalDNSName: 'own.isaack.io' }));
    for (const check of checks) assert.ok(check.ok, `${check.name}: ${check.detail}`);
    assert.match(checks.find((c) => c.name === 'stack-name')?.detail ?? '', /is this cluster's/);
  });

  it('checks an existing VPC: CIDR containment and collisions with its subnets', async () => {
    const vpc = await clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    await clients.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.0.0/25', AvailabilityZone: 'us-west-1a' }));

    const overlapping = await rejectsWithFailure(run(await cluster({ extra: [`vpcId: ${vpcId}`] }, false)), 'PreflightFailed');
    assert.deepEqual(failedChecks(overlapping.details ?? []).map((c) => c.name), ['vpc']);
    assert.match(overlapping.message, /instanceCIDR 10\.0\.0\.0\/24 overlaps existing subnet subnet-\w+ \(10\.0\.0\.0\/25\)/);

    const outside = await rejectsWithFailure(
      run(await cluster({ extra: [`vpcId: ${vpcId}`, 'vpcCIDR: "10.1.0.0/16"', 'instanceCIDR: "10.1.0.0/24"', 'controllerIP: 10.1.0.50'] }, false)),
      'PreflightFailed',
    );
    assert.match(outside.message, /vpcCIDR 10\.1\.0\.0\/16 is not a CIDR of vpc-\w+ \(10\.0\.0\.0\/16\)/);
    assert.match(outside.message, /10\.1\.0\.0\/24 is outside vpc-/);

    const checks = await run(await cluster({ extra: [`vpcId: ${vpcId}`, 'instanceCIDR: "10.0.1.0/24"', 'controllerIP: 10.0.1.50'] }, false));
    assert.equal(checks.find((c) => c.name === 'vpc')?.ok, true);
  });
});
