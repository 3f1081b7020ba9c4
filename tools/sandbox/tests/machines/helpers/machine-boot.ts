/**
 * One node booted the way the sandbox boots a stack's instances, without a stack: its Ignition
 * config as `up` finalises it (the role's TLS assets encrypted with the sandbox's KMS key under
 * `asset=<file>`), an EC2 instance of its own role and instance profile in the emulator, and a
 * machine (@kube-aws/machines) that runs the config's units with that role's credentials on IMDS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { Machine, imageTable, instanceFacts, roleCredentials } from '@kube-aws/machines';
import type { InstanceFacts } from '@kube-aws/machines';
import { finalizeNodeIgnition, nodeAssetNames } from '@kube-aws/render';
import type { IgnitionConfig, NodeRole } from '@kube-aws/render';
import { ensurePythonTools } from '../../../install.mjs';
import { SANDBOX_CREDENTIALS, SANDBOX_REGION } from '../../../src/account.js';
import { machineAwsClients } from '@kube-aws/machines';
import { writeIgnition } from '@kube-aws/machines';
import type { Sandbox } from '../../../src/sandbox.js';

/** `userdata/<role>.ign` of a rendered cluster as `up` finalises it, encrypted with the sandbox's KMS key. */
export async function finalizedConfig(sandbox: Sandbox, clusterDir: string, role: NodeRole): Promise<IgnitionConfig> {
  const kms = new KMSClient({ endpoint: sandbox.awsEndpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS });
  const encryptor = {
    keyArn: sandbox.kmsKeyArn,
    encrypt: async (plaintext: Uint8Array, context: { asset: string }) =>
      (await kms.send(new EncryptCommand({ KeyId: sandbox.kmsKeyArn, Plaintext: plaintext, EncryptionContext: { asset: context.asset } }))).CiphertextBlob as Uint8Array,
  };
  const assets = new Map(nodeAssetNames(role).map((n) => [n, readFileSync(join(clusterDir, 'credentials', n))] as const));
  const editable = JSON.parse(readFileSync(join(clusterDir, 'userdata', `${role}.ign`), 'utf8')) as IgnitionConfig;
  return finalizeNodeIgnition(editable, role, assets, encryptor);
}

export interface BootOptions {
  readonly sandbox: Sandbox;
  /** The machine's directory (root, console, unit logs) is `<dir>/<name>`. */
  readonly dir: string;
  /** Names the instance's role and profile too, so it must be unique per sandbox. */
  readonly name: string;
  readonly config: IgnitionConfig;
  /** kubelet.service started: the kubelet's expanded command line. */
  onKubelet(argv: readonly string[]): void;
  /** The controller's API server once it listens (its scripts reach it on 127.0.0.1:443). */
  readonly apiServer?: () => { host: string; port: number } | undefined;
  /** kubectl from the Kubernetes sysext, for the controller's scripts. */
  readonly kubectl?: string;
  /** Given the machine before it starts, so the caller stops it even when its start fails. */
  track(machine: Machine): void;
}

export interface BootedMachine {
  readonly machine: Machine;
  readonly facts: InstanceFacts;
  /** The node's filesystem: on-node `/etc/x` is `<root>/etc/x`. */
  readonly root: string;
}

/** An instance with its own role, and a machine booting `config` for it (started; its units run on). */
export async function bootMachine(o: BootOptions): Promise<BootedMachine> {
  const base = { endpoint: o.sandbox.motoUrl, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS };
  const iam = new IAMClient(base);
  const aws = machineAwsClients(o.sandbox.motoUrl, SANDBOX_REGION, SANDBOX_CREDENTIALS);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const role = await iam.send(new CreateRoleCommand({ RoleName: `${o.name}-role`, AssumeRolePolicyDocument: trust }));
  const profile = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `${o.name}-profile` }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: `${o.name}-profile`, RoleName: role.Role?.RoleName }));
  const run = await aws.ec2.send(
    new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, InstanceType: 't3.medium', IamInstanceProfile: { Arn: profile.InstanceProfile?.Arn } }),
  );
  const instanceId = run.Instances?.[0]?.InstanceId as string;
  const machineDir = join(o.dir, o.name);
  const root = join(machineDir, 'root');
  await writeIgnition(aws, instanceId, root, o.config);
  const identity = { ec2: aws.ec2, autoScaling: aws.autoScaling, iam, sts: new STSClient(base) };
  const facts = await instanceFacts(identity, instanceId, SANDBOX_REGION);
  if (facts.roleName !== `${o.name}-role`) throw new Error(`instance ${instanceId} has role ${facts.roleName ?? '(none)'}, not ${o.name}-role`);
  const proxy = new URL(o.sandbox.awsEndpoint);
  const machine = new Machine({
    facts,
    credentials: roleCredentials(identity, facts),
    root,
    dir: machineDir,
    awsEndpoint: { host: proxy.hostname, port: Number(proxy.port) },
    images: imageTable(ensurePythonTools().aws),
    ...(o.apiServer ? { apiServer: o.apiServer } : {}),
    ...(o.kubectl ? { kubectl: o.kubectl } : {}),
    onHostUnit: (unit, argv) => unit === 'kubelet.service' && o.onKubelet(argv),
  });
  o.track(machine);
  await machine.start();
  return { machine, facts, root };
}
