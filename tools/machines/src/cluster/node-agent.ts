/**
 * The kubelet's part on a sandbox machine, with the node's own identity so the Node authorizer and
 * NodeRestriction judge every write: TLS bootstrap (CSR with the bootstrap credential), registration
 * of the Node, a Lease renewal and a Ready heartbeat every ~10 s, mirror pods for the static pods
 * it "runs", and Running/Ready status for every pod bound to it. No containers run.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { parse } from 'yaml';

import { KubeApiError, NodeBootstrapError, NodeCredentialRejectedError } from '../errors.js';
import { KubeApiClient, errorText, isAuthError, isConflict } from './kube-api-client.js';
import { kubeMicroTime, kubeTime } from './kube-time.js';
import { bootstrapNodeIdentity } from './kubelet-bootstrap.js';
import type { ApiServerAddress, NodeInstance } from './machine-types.js';
import { isMirrorPod, mirrorPod, readStaticPodManifest } from './mirror-pods.js';
import type { StaticPodManifest } from './mirror-pods.js';
import { healthyConditions, initialNode } from './node-object.js';
import type { NodeFacts, NodeObject, Taint } from './node-object.js';
import { Periodic } from './periodic.js';
import { PodIpAllocator } from './pod-ips.js';
import { desiredPodStatus, statusIsCurrent } from './pod-status.js';
import type { PodObject } from './pod-status.js';

export const KUBELET_CONFIG = '/etc/kubernetes/kubelet.yaml';
const DEFAULT_STATIC_POD_PATH = '/etc/kubernetes/manifests';
const LEASE_DURATION_SECONDS = 40;
const POD_CIDR_WAIT_MS = 30_000;

export interface StaticPodState {
  /** On-node path (`/etc/kubernetes/manifests/etcd.yaml`, read below the root), or a name in the kubelet's staticPodPath. */
  readonly manifestFile: string;
  readonly running: boolean;
}

export interface NodeAgentOptions {
  /** `ip-10-0-0-51.us-west-1.compute.internal` */
  readonly nodeName: string;
  readonly role: 'controller' | 'worker';
  readonly instance: NodeInstance;
  /** Node root: `etc/kubernetes/bootstrap-kubelet.conf`, `kubelet.yaml`, `pki/ca.pem`, `pki/worker(-key).pem`. */
  readonly root: string;
  /** Where the kubeconfig's server really listens; TLS is checked against the kubeconfig's host and pki/ca.pem. */
  readonly apiServer: ApiServerAddress;
  /** Like /var/lib/kubelet: the agent's own key and issued certificate. */
  readonly stateDir: string;
  /** Controller: the manifests it "runs" (their mirror pods are created), and whether each runs. */
  readonly staticPods?: () => readonly StaticPodState[];
  readonly log?: (line: string) => void;
  /** Lease renewal and Ready heartbeat period (the kubelet's is 10 s). */
  readonly heartbeatIntervalMs?: number;
  /** How often pods bound to the node are checked (the kubelet reacts to a watch; 1 s is close). */
  readonly podSyncIntervalMs?: number;
  /** How long the TLS bootstrap and registration may take, API server unreachable included (default 5 min). */
  readonly bootstrapTimeoutMs?: number;
}

export type NodeAgentState = 'bootstrapping' | 'running' | 'paused' | 'stopped' | 'failed';

interface LeaseObject {
  metadata: { name: string; resourceVersion?: string };
  spec: Record<string, unknown>;
}

export type { ApiServerAddress, NodeInstance } from './machine-types.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class NodeAgent {
  private currentState: NodeAgentState = 'bootstrapping';
  private error: string | undefined;
  private client: KubeApiClient | undefined;
  private node: NodeObject | undefined;
  private lease: LeaseObject | undefined;
  private facts: NodeFacts | undefined;
  private certFile = '';
  private readonly ips: PodIpAllocator;
  private readonly heartbeat: Periodic;
  private readonly podSync: Periodic;
  private readonly say: (line: string) => void;
  private stopRequested = false;
  private registeredAt = 0;

  constructor(private readonly o: NodeAgentOptions) {
    this.ips = new PodIpAllocator(o.nodeName);
    this.say = (line) => o.log?.(`[${o.nodeName}] ${line}`);
    const onError = (err: unknown): void => {
      this.error = errorText(err);
      this.say(`warning: ${this.error}`);
    };
    this.heartbeat = new Periodic(o.heartbeatIntervalMs ?? 10_000, () => this.beat(), onError);
    this.podSync = new Periodic(o.podSyncIntervalMs ?? 1_000, () => this.syncPods(), onError);
  }

  get state(): NodeAgentState {
    return this.currentState;
  }

  get lastError(): string | undefined {
    return this.error;
  }

  /**
   * Bootstraps and registers the node, then keeps it alive. Resolves once registered; rejects (and
   * the state is 'failed') when a credential is refused or bootstrap does not finish in time.
   */
  async start(): Promise<void> {
    try {
      const kubeletConfig = this.readKubeletConfig();
      const identity = await bootstrapNodeIdentity({
        nodeName: this.o.nodeName,
        root: this.o.root,
        apiServer: this.o.apiServer,
        stateDir: this.o.stateDir,
        timeoutMs: this.o.bootstrapTimeoutMs ?? 300_000,
        isStopped: () => this.stopRequested,
        log: this.say,
      });
      this.certFile = join(this.o.stateDir, 'pki', 'kubelet-client-current.pem');
      this.client = new KubeApiClient(this.o.apiServer, identity.credentials, `kubelet (${this.o.nodeName}; kube-aws sandbox)`);
      const version = await this.client.get<{ gitVersion: string }>('/version');
      this.facts = {
        nodeName: this.o.nodeName,
        instance: this.o.instance,
        kubeletVersion: version.gitVersion,
        registerWithTaints: kubeletConfig.registerWithTaints,
      };
      await this.register();
      this.registeredAt = Date.now();
      await this.renewLease();
      if (this.stopRequested) return;
      this.currentState = 'running';
      this.heartbeat.start();
      this.podSync.start();
    } catch (err) {
      const wrapped = isAuthError(err) ? new NodeCredentialRejectedError(this.o.nodeName, this.certFile, err.status, err.detail) : err;
      if (!this.stopRequested) this.currentState = 'failed';
      this.error = errorText(wrapped);
      this.say(`failed: ${this.error}`);
      this.client?.close();
      throw wrapped;
    }
  }

  /** Stops heartbeats and pod status reports, as if the machine froze: the node controller then marks it NotReady/Unknown. */
  pause(): void {
    if (this.currentState !== 'running') return;
    this.currentState = 'paused';
    void this.heartbeat.stop();
    void this.podSync.stop();
    this.say('paused (no more heartbeats)');
  }

  /** Picks heartbeats and pod status reports up again (a heartbeat right away). */
  resume(): void {
    if (this.currentState !== 'paused') return;
    this.currentState = 'running';
    this.heartbeat.start();
    this.podSync.start();
    this.say('resumed');
  }

  /** Stops the agent for good (the Node stays registered, as a powered-off machine's does). */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await Promise.all([this.heartbeat.stop(), this.podSync.stop()]);
    this.client?.close();
    if (this.currentState !== 'failed') this.currentState = 'stopped';
  }

  private readKubeletConfig(): { registerWithTaints: Taint[]; staticPodPath: string } {
    let text: string;
    try {
      text = readFileSync(join(this.o.root, KUBELET_CONFIG), 'utf8');
    } catch (err) {
      throw new NodeBootstrapError(this.o.nodeName, 'reading the kubelet configuration', `${KUBELET_CONFIG}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const cfg = (parse(text) ?? {}) as { registerWithTaints?: Taint[]; staticPodPath?: string };
    return { registerWithTaints: cfg.registerWithTaints ?? [], staticPodPath: cfg.staticPodPath ?? DEFAULT_STATIC_POD_PATH };
  }

  private api(): KubeApiClient {
    if (!this.client) throw new Error('node agent not started');
    return this.client;
  }

  private async register(): Promise<void> {
    const facts = this.facts as NodeFacts;
    const deadline = Date.now() + (this.o.bootstrapTimeoutMs ?? 300_000);
    for (;;) {
      try {
        this.node = await this.api().post<NodeObject>('/api/v1/nodes', initialNode(facts));
        this.say(`registered node (uid ${this.node.metadata.uid ?? '?'})`);
        return;
      } catch (err) {
        if (isConflict(err)) {
          // Registered before (the agent restarted): the kubelet takes the Node over as it is.
          this.node = await this.api().get<NodeObject>(`/api/v1/nodes/${this.o.nodeName}`);
          this.say('node already registered');
          await this.beat();
          return;
        }
        if (err instanceof KubeApiError || Date.now() > deadline || this.stopRequested) throw err;
        await sleep(1000);
      }
    }
  }

  private async renewLease(): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${this.o.nodeName}`;
    const spec = { holderIdentity: this.o.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: kubeMicroTime() };
    if (this.lease) {
      try {
        this.lease = await this.api().put<LeaseObject>(path, { ...this.lease, spec: { ...this.lease.spec, ...spec } });
        return;
      } catch (err) {
        if (!(err instanceof KubeApiError) || (err.status !== 409 && err.status !== 404)) throw err;
      }
    }
    const existing = await this.api().find<LeaseObject>(path);
    if (existing) {
      this.lease = await this.api().put<LeaseObject>(path, { ...existing, spec: { ...existing.spec, ...spec } });
      return;
    }
    this.lease = await this.api().post<LeaseObject>('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.o.nodeName,
        namespace: 'kube-node-lease',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.o.nodeName, uid: this.node?.metadata.uid }],
      },
      spec,
    });
  }

  /** One heartbeat: renew the Lease, then post Ready (keeping transition times of unchanged conditions). */
  private async beat(): Promise<void> {
    await this.renewLease();
    // What the server holds now: the node controller may have marked the node Unknown meanwhile.
    this.node = await this.api().get<NodeObject>(`/api/v1/nodes/${this.o.nodeName}`);
    const healthy = new Map<string, string>([['Ready', 'True']]);
    const transitions = new Map<string, string>();
    for (const c of this.node?.status?.conditions ?? []) {
      if (c.lastTransitionTime && c.status === (healthy.get(c.type) ?? 'False')) transitions.set(c.type, c.lastTransitionTime);
    }
    const wasReady = transitions.has('Ready');
    this.node = await this.api().patch<NodeObject>(
      `/api/v1/nodes/${this.o.nodeName}/status`,
      { status: { conditions: healthyConditions(kubeTime(), transitions) } },
      'strategic',
    );
    if (!wasReady) this.say('reported Ready');
  }

  private staticManifests(): { manifest: StaticPodManifest; running: boolean }[] {
    const list = this.o.staticPods?.() ?? [];
    const dir = join(this.o.root, this.readKubeletConfig().staticPodPath);
    const root = resolve(this.o.root);
    // On-node paths (/etc/kubernetes/manifests/etcd.yaml) are read below the root; names, from the staticPodPath.
    const local = (file: string): string =>
      !isAbsolute(file) ? join(dir, file) : resolve(file).startsWith(root + sep) ? file : join(root, file);
    return list.map((s) => ({ manifest: readStaticPodManifest(local(s.manifestFile), this.o.nodeName), running: s.running }));
  }

  private podPath(pod: PodObject): string {
    return `/api/v1/namespaces/${pod.metadata.namespace ?? 'default'}/pods/${pod.metadata.name}`;
  }

  /** Mirror pods in step with the static pods, then a status for every pod bound here. */
  private async syncPods(): Promise<void> {
    const api = this.api();
    const list = await api.get<{ items: PodObject[] }>(`/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${this.o.nodeName}`)}`);
    const pods = list.items;
    const statics = this.o.staticPods ? this.staticManifests() : [];
    const staticByName = new Map(statics.map((s) => [`${s.manifest.namespace}/${s.manifest.name}`, s]));
    const key = (p: PodObject): string => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;

    const present = new Set<string>();
    for (const pod of pods) {
      if (!isMirrorPod(pod) || pod.metadata.deletionTimestamp) continue;
      const wanted = staticByName.get(key(pod));
      if (!wanted || pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== wanted.manifest.hash) {
        // A mirror pod of a removed or changed manifest: the kubelet deletes it (and recreates a current one).
        await this.deletePod(pod);
        continue;
      }
      present.add(key(pod));
    }
    for (const s of statics) {
      const k = `${s.manifest.namespace}/${s.manifest.name}`;
      if (present.has(k) || pods.some((p) => key(p) === k && p.metadata.deletionTimestamp)) continue;
      try {
        await api.post(`/api/v1/namespaces/${s.manifest.namespace}/pods`, mirrorPod(s.manifest, this.o.nodeName, this.node?.metadata.uid ?? '', kubeTime()));
        this.say(`created mirror pod ${k}`);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }

    const now = kubeTime();
    const nodeIP = this.o.instance.privateIp;
    if (!this.node?.spec?.podCIDR && pods.some((p) => !p.spec.hostNetwork)) {
      this.node = await api.get<NodeObject>(`/api/v1/nodes/${this.o.nodeName}`);
    }
    // Like a CNI plugin, pod networking waits for kube-controller-manager to allocate the node's podCIDR
    // (a control plane that allocates none gets the fake range after a while).
    const podCIDR = this.node?.spec?.podCIDR;
    const networkReady = podCIDR !== undefined || Date.now() - this.registeredAt > POD_CIDR_WAIT_MS;
    this.ips.retain(new Set(pods.map((p) => p.metadata.uid ?? '')));
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) {
        // Containers "stopped": finish the graceful deletion, as the kubelet does.
        await this.deletePod(pod);
        continue;
      }
      const running = isMirrorPod(pod) ? (staticByName.get(key(pod))?.running ?? false) : true;
      if (!pod.spec.hostNetwork && !networkReady) continue;
      const podIP = pod.spec.hostNetwork ? nodeIP : this.ips.ipFor(pod.metadata.uid ?? key(pod), pod.status?.podIP, podCIDR);
      if (statusIsCurrent(pod, running, podIP)) continue;
      try {
        await api.patch(`${this.podPath(pod)}/status`, { status: desiredPodStatus(pod, { hostIP: nodeIP, podIP, running, now }) }, 'strategic');
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 404) continue;
        throw err;
      }
    }
  }

  private async deletePod(pod: PodObject): Promise<void> {
    try {
      await this.api().delete(this.podPath(pod), {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        gracePeriodSeconds: 0,
        ...(pod.metadata.uid ? { preconditions: { uid: pod.metadata.uid } } : {}),
      });
    } catch (err) {
      if (err instanceof KubeApiError && (err.status === 404 || err.status === 409)) return;
      throw err;
    }
  }
}
