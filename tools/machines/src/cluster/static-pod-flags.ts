/**
 * The controller's static pods (`/etc/kubernetes/manifests/*.yaml` on the node) as processes on
 * this machine's loopback: each pod's command line, with on-node paths moved under the node root
 * and the VM's addresses and well-known ports swapped for 127.0.0.1 and free ports. Every other
 * flag is passed as rendered, so a wrong flag breaks the sandbox cluster as it would a real one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NodeBootError } from '../errors.js';
import { onNode } from './node-image.js';

export const MANIFEST_DIR = '/etc/kubernetes/manifests';

export interface StaticPod {
  /** `etcd`, `kube-apiserver`, … (the pod's name). */
  readonly name: string;
  /** On-node path of the manifest. */
  readonly manifestFile: string;
  /** The container's command: the binary name, then its flags. */
  readonly command: readonly string[];
}

/** The loopback ports one control plane listens on. */
export interface ControlPlanePorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly etcdMetrics: number;
  readonly apiServer: number;
  readonly controllerManager: number;
  readonly scheduler: number;
}

interface PodManifest {
  metadata?: { name?: string };
  spec?: { containers?: { command?: string[] }[] };
}

/** Reads the node's static pods; a manifest without a command is a broken node config. */
export function readStaticPods(root: string, instanceId: string): StaticPod[] {
  const dir = onNode(root, MANIFEST_DIR);
  const names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  return names.map((file) => {
    const manifestFile = `${MANIFEST_DIR}/${file}`;
    const pod = parse(readFileSync(join(dir, file), 'utf8')) as PodManifest;
    const command = pod.spec?.containers?.[0]?.command;
    const name = pod.metadata?.name;
    if (!name || !command || command.length === 0) throw new NodeBootError(instanceId, `${manifestFile} has no metadata.name or container command`);
    return { name, manifestFile, command };
  });
}

type Flags = Map<string, string>;

function splitFlags(pod: StaticPod): Flags {
  const flags: Flags = new Map();
  for (const arg of pod.command.slice(1)) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!m?.[1]) throw new TypeError(`${pod.manifestFile}: "${arg}" is not a --flag`);
    flags.set(m[1], m[2] ?? 'true');
  }
  return flags;
}

const withPort = (url: string, port: number): string => url.replace(/^(\w+:\/\/)[^/,]+/, `$1127.0.0.1:${port}`);

/** Values naming files or directories on the node: moved under the root. */
function rootPaths(flags: Flags, root: string): void {
  for (const [key, value] of flags) {
    if (value.startsWith('/')) flags.set(key, onNode(root, value));
  }
}

function etcdFlags(flags: Flags, ports: ControlPlanePorts): void {
  const client = `https://127.0.0.1:${ports.etcdClient}`;
  const peer = `https://127.0.0.1:${ports.etcdPeer}`;
  flags.set('listen-client-urls', client);
  flags.set('advertise-client-urls', client);
  flags.set('listen-peer-urls', peer);
  flags.set('initial-advertise-peer-urls', peer);
  const member = flags.get('name') ?? 'default';
  flags.set('initial-cluster', `${member}=${peer}`);
  if (flags.has('listen-metrics-urls')) flags.set('listen-metrics-urls', `http://127.0.0.1:${ports.etcdMetrics}`);
}

function apiServerFlags(flags: Flags, ports: ControlPlanePorts): void {
  flags.set('bind-address', '127.0.0.1');
  flags.set('secure-port', String(ports.apiServer));
  // 127.0.0.1 may not be the `kubernetes` Service's endpoint, and the lease reconciler refuses it:
  // nothing in the sandbox routes the Service anyway.
  flags.set('advertise-address', '127.0.0.1');
  flags.set('endpoint-reconciler-type', 'none');
  const etcd = flags.get('etcd-servers');
  if (etcd) flags.set('etcd-servers', etcd.split(',').map((u) => withPort(u, ports.etcdClient)).join(','));
}

function componentFlags(flags: Flags, port: number, kubeconfig: string): void {
  flags.set('bind-address', '127.0.0.1');
  flags.set('secure-port', String(port));
  for (const key of ['kubeconfig', 'authentication-kubeconfig', 'authorization-kubeconfig']) if (flags.has(key)) flags.set(key, kubeconfig);
}

/**
 * The command line to run `pod` on loopback. `kubeconfigs` maps an on-node kubeconfig path to the
 * sandbox's copy of it (pointing at the loopback API server).
 */
export function loopbackCommand(pod: StaticPod, root: string, ports: ControlPlanePorts, kubeconfigs: ReadonlyMap<string, string>): string[] {
  const flags = splitFlags(pod);
  const original = new Map(flags);
  rootPaths(flags, root);
  const kubeconfig = (): string => {
    const path = original.get('kubeconfig');
    const copy = path === undefined ? undefined : kubeconfigs.get(path);
    if (copy === undefined) throw new TypeError(`${pod.manifestFile}: no sandbox copy of --kubeconfig=${path ?? '(unset)'}`);
    return copy;
  };
  switch (pod.name) {
    case 'etcd':
      etcdFlags(flags, ports);
      break;
    case 'kube-apiserver':
      apiServerFlags(flags, ports);
      break;
    case 'kube-controller-manager':
      componentFlags(flags, ports.controllerManager, kubeconfig());
      break;
    case 'kube-scheduler':
      componentFlags(flags, ports.scheduler, kubeconfig());
      break;
    default:
      throw new TypeError(`${pod.manifestFile}: the sandbox does not know how to run static pod "${pod.name}"`);
  }
  return [...flags].map(([k, v]) => `--${k}=${v}`);
}
