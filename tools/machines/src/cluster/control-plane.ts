/**
 * One cluster's control plane on loopback, started from the controller's node root as its kubelet
 * would start the static pods: etcd (TLS, client certs required), then kube-apiserver, then
 * kube-controller-manager and kube-scheduler, with the rendered flags (see static-pod-flags.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { KubeBinaries } from '../../kube-install.mjs';
import { freePort, spawnService, stopChild, waitUntilReady } from '../processes.js';
import { onNode } from './node-image.js';
import { loopbackCommand, readStaticPods } from './static-pod-flags.js';
import type { ControlPlanePorts, StaticPod } from './static-pod-flags.js';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 90_000;

export interface ControlPlaneOptions {
  readonly instanceId: string;
  /** The controller's node root (materialiseNode). */
  readonly root: string;
  /** Logs, kubeconfig copies. */
  readonly workDir: string;
  readonly binaries: KubeBinaries;
}

export interface RunningStaticPod {
  readonly name: string;
  readonly manifestFile: string;
  readonly running: boolean;
}

export interface ControlPlane {
  readonly apiServer: { readonly host: string; readonly port: number };
  readonly ports: ControlPlanePorts;
  /** The static pods and whether each process still runs (for the controller's mirror pods). */
  staticPods(): readonly RunningStaticPod[];
  stop(): Promise<void>;
}

function binaryFor(pod: StaticPod, binaries: KubeBinaries): string {
  const byName: Record<string, string> = {
    etcd: binaries.etcd,
    'kube-apiserver': binaries.kubeApiserver,
    'kube-controller-manager': binaries.kubeControllerManager,
    'kube-scheduler': binaries.kubeScheduler,
  };
  const binary = byName[pod.name];
  if (!binary) throw new TypeError(`no binary for static pod ${pod.name}`);
  return binary;
}

/** The sandbox's copy of an on-node kubeconfig: same user and CA, files under the root, loopback port. */
function kubeconfigCopy(root: string, path: string, apiServerPort: number, dir: string): string {
  const config = parse(readFileSync(onNode(root, path), 'utf8')) as {
    clusters?: { cluster: Record<string, string> }[];
    users?: { user: Record<string, string> }[];
  };
  for (const { cluster } of config.clusters ?? []) {
    cluster.server = (cluster.server ?? '').replace(/^https:\/\/[^/]+/, `https://${HOST}:${apiServerPort}`);
    if (cluster['certificate-authority']?.startsWith('/')) cluster['certificate-authority'] = onNode(root, cluster['certificate-authority']);
  }
  for (const { user } of config.users ?? []) {
    for (const key of ['client-certificate', 'client-key', 'tokenFile']) if (user[key]?.startsWith('/')) user[key] = onNode(root, user[key]);
  }
  const copy = join(dir, path.replace(/\//g, '_').replace(/^_/, ''));
  writeFileSync(copy, stringify(config), { mode: 0o600 });
  return copy;
}

function probe(url: string, options: { ca?: Buffer; insecure?: boolean } = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean): void => resolve(ok);
    const onResponse = (res: IncomingMessage): void => {
      res.resume();
      done(res.statusCode === 200);
    };
    const req = url.startsWith('https:')
      ? httpsGet(url, { ca: options.ca, rejectUnauthorized: !options.insecure, timeout: 2000 }, onResponse)
      : httpGet(url, { timeout: 2000 }, onResponse);
    req.on('error', () => done(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Starts the control plane; on any failure stops what it started and throws (with the log tail). */
export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlane> {
  const pods = readStaticPods(o.root, o.instanceId);
  const ports: ControlPlanePorts = {
    etcdClient: await freePort(HOST),
    etcdPeer: await freePort(HOST),
    etcdMetrics: await freePort(HOST),
    apiServer: await freePort(HOST),
    controllerManager: await freePort(HOST),
    scheduler: await freePort(HOST),
  };
  const logs = join(o.workDir, 'logs');
  const kubeconfigDir = join(o.workDir, 'kubeconfigs');
  mkdirSync(logs, { recursive: true });
  mkdirSync(kubeconfigDir, { recursive: true, mode: 0o700 });

  const kubeconfigs = new Map<string, string>();
  for (const pod of pods) {
    const path = pod.command.find((a) => a.startsWith('--kubeconfig='))?.slice('--kubeconfig='.length);
    if (path) kubeconfigs.set(path, kubeconfigCopy(o.root, path, ports.apiServer, kubeconfigDir));
  }

  const children = new Map<string, ChildProcess>();
  const stop = async (): Promise<void> => {
    // Reverse start order: the API server's clients first, etcd last.
    for (const child of [...children.values()].reverse()) await stopChild(child);
  };
  const ca = readFileSync(onNode(o.root, '/etc/kubernetes/pki/ca.pem'));
  const readiness: Record<string, () => Promise<boolean>> = {
    etcd: () => probe(`http://${HOST}:${ports.etcdMetrics}/readyz`),
    'kube-apiserver': () => probe(`https://${HOST}:${ports.apiServer}/readyz`, { ca }),
    // Their serving certificates are self-signed at start; only liveness matters here.
    'kube-controller-manager': () => probe(`https://${HOST}:${ports.controllerManager}/healthz`, { insecure: true }),
    'kube-scheduler': () => probe(`https://${HOST}:${ports.scheduler}/livez`, { insecure: true }),
  };
  const order = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
  const sorted = [...pods].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  try {
    for (const pod of sorted) {
      const logFile = join(logs, `${pod.name}.log`);
      const child = spawnService({ name: pod.name, command: binaryFor(pod, o.binaries), args: loopbackCommand(pod, o.root, ports, kubeconfigs), logFile });
      children.set(pod.name, child);
      const ready = readiness[pod.name];
      if (ready) {
        await waitUntilReady(pod.name, ready, {
          child,
          logFile,
          timeoutMs: START_TIMEOUT_MS,
          hint: `The flags come from ${pod.manifestFile} in the controller's userdata; see the log for the flag or file it rejects.`,
        });
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    apiServer: { host: HOST, port: ports.apiServer },
    ports,
    staticPods: () =>
      pods.map((p) => {
        const child = children.get(p.name);
        return { name: p.name, manifestFile: p.manifestFile, running: child !== undefined && child.exitCode === null && child.signalCode === null };
      }),
    stop,
  };
}
