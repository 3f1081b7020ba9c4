/**
 * Ignition's part of an EC2 instance's boot, into a directory: its user data (the Ignition stub),
 * the full config the stub points at in the cluster's S3 bucket (checked against the stub's
 * SHA-512, as Ignition does), every file of that config written at its on-node path under `root`,
 * and its systemd units, drop-ins and presets where Ignition writes them. Everything after that —
 * decrypting the TLS assets, naming the node, the addons — is the units' work, run by the
 * machine (@kube-aws/machines). A broken link in this chain fails the boot here, as it would fail
 * Ignition.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DescribeInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { writeSystemdUnits } from '../node/ignition-systemd.js';
import { decodeDataUrl } from '@kube-aws/render';
import type { IgnitionConfig, IgnitionFile } from '@kube-aws/render';
import { NodeBootError } from '../errors.js';
import type { MachineAwsClients } from './aws-clients.js';

export interface NodeImage {
  readonly instanceId: string;
  /** The node's filesystem: on-node path `/etc/x` is `join(root, 'etc/x')`. */
  readonly root: string;
  /** On-node paths written. */
  readonly files: readonly string[];
  /** Files whose source is a URL this machine cannot reach (https:// downloads), with the URL. */
  readonly unreachable: ReadonlyMap<string, string>;
  /** `s3://bucket/key` of the full config. */
  readonly configSource: string;
}

/** `/etc/x` under `root`; refuses paths that would escape it. */
export function onNode(root: string, path: string): string {
  if (!path.startsWith('/') || path.split('/').includes('..')) throw new TypeError(`"${path}" is not an absolute on-node path`);
  return join(root, path);
}

async function userData(aws: MachineAwsClients, instanceId: string): Promise<IgnitionConfig> {
  const out = await aws.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'userData' }));
  const encoded = out.UserData?.Value;
  if (!encoded) throw new NodeBootError(instanceId, 'has no user data');
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  try {
    return JSON.parse(text) as IgnitionConfig;
  } catch {
    throw new NodeBootError(instanceId, `user data is not an Ignition config (JSON): ${JSON.stringify(text.slice(0, 80))}`);
  }
}

function parseS3Url(instanceId: string, source: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(source);
  if (!m?.[1] || !m[2]) throw new NodeBootError(instanceId, `Ignition config source "${source}" is not an s3://bucket/key URL`);
  return { bucket: m[1], key: m[2] };
}

async function s3Bytes(aws: MachineAwsClients, instanceId: string, source: string): Promise<Buffer> {
  const { bucket, key } = parseS3Url(instanceId, source);
  try {
    const out = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  } catch (err) {
    throw new NodeBootError(instanceId, `cannot read ${source}: ${(err as Error).message}`);
  }
}

/** The full config the stub replaces itself with, verified by the stub's hash. */
async function fullConfig(aws: MachineAwsClients, instanceId: string, stub: IgnitionConfig): Promise<{ config: IgnitionConfig; source: string }> {
  const replace = stub.ignition.config?.replace;
  if (!replace?.source) throw new NodeBootError(instanceId, 'user data has no ignition.config.replace.source: nothing to boot from');
  const bytes = await s3Bytes(aws, instanceId, replace.source);
  const hash = replace.verification?.hash;
  if (hash !== undefined) {
    const [algorithm, want] = hash.split('-', 2) as [string, string];
    const got = createHash(algorithm).update(bytes).digest('hex');
    if (got !== want) throw new NodeBootError(instanceId, `${replace.source} does not match the user data's ${algorithm} (${want.slice(0, 12)}…, object has ${got.slice(0, 12)}…)`);
  }
  try {
    return { config: JSON.parse(bytes.toString('utf8')) as IgnitionConfig, source: replace.source };
  } catch {
    throw new NodeBootError(instanceId, `${replace.source} is not JSON`);
  }
}

async function fileBytes(aws: MachineAwsClients, instanceId: string, file: IgnitionFile): Promise<Buffer | { unreachable: string }> {
  const source = file.contents?.source;
  if (source === undefined) return Buffer.alloc(0);
  if (source.startsWith('data:')) {
    try {
      return Buffer.from(decodeDataUrl(source, file.contents?.compression));
    } catch (err) {
      throw new NodeBootError(instanceId, `${file.path}: ${(err as Error).message}`);
    }
  }
  if (source.startsWith('s3://')) return s3Bytes(aws, instanceId, source);
  return { unreachable: source };
}

/**
 * Writes an Ignition config into `root` (emptied first) as Ignition does: directories with their
 * modes, files (data: URLs decoded, s3:// fetched), systemd units.
 * @throws NodeBootError naming the instance and the file.
 */
export async function writeIgnition(aws: MachineAwsClients, instanceId: string, root: string, config: IgnitionConfig): Promise<{ files: string[]; unreachable: Map<string, string> }> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true, mode: 0o700 });
  for (const dir of config.storage?.directories ?? []) {
    const path = onNode(root, dir.path);
    mkdirSync(path, { recursive: true });
    // As Ignition: the mode asked for, 0755 when none (the audit log and etcd directories are 0700).
    chmodSync(path, dir.mode ?? 0o755);
  }

  const files: string[] = [];
  const unreachable = new Map<string, string>();
  for (const file of config.storage?.files ?? []) {
    const bytes = await fileBytes(aws, instanceId, file);
    if (!Buffer.isBuffer(bytes)) {
      unreachable.set(file.path, bytes.unreachable);
      continue;
    }
    const target = onNode(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    chmodSync(target, file.mode ?? 0o644);
    files.push(file.path);
  }
  writeSystemdUnits(root, config.systemd?.units ?? []);
  return { files, unreachable };
}

/**
 * Boots `instanceId`'s filesystem into `root` (emptied first): user data → S3 config → files and units.
 * @throws NodeBootError naming the instance and the broken link.
 */
export async function materialiseNode(aws: MachineAwsClients, instanceId: string, root: string): Promise<NodeImage> {
  const stub = await userData(aws, instanceId);
  const { config, source } = await fullConfig(aws, instanceId, stub);
  const { files, unreachable } = await writeIgnition(aws, instanceId, root, config);
  return { instanceId, root, files, unreachable, configSource: source };
}
