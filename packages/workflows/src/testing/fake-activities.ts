/**
 * {@link FakeKubeAws}: an in-memory implementation of every activity in `KubeAwsActivities`,
 * with one scripted CloudFormation stack ({@link FakeStack}). Workflow tests run the real
 * workflows on a real Temporal server against it; it counts calls so a test can prove that a
 * resumed workflow did not deploy twice, and it can hold or fail any activity on demand.
 */
import type {
  ClusterCredentialsReport,
  ClusterSummary,
  KubeAwsActivities,
  KubeNodeRow,
  KubernetesSnapshot,
  NodeBootFailure,
  NodeInstancesReport,
  ObserveKubernetesInput,
  PreflightCheck,
  StackFailure,
  StackPhase,
} from '@kube-aws/aws';
import { ApplicationFailure } from '@temporalio/common';
import { FakeStack } from './fake-stack.js';

export type ActivityName = keyof KubeAwsActivities;

export interface FakeScenario {
  readonly clusterName?: string;
  readonly region?: string;
  readonly account?: string;
  readonly workerCount?: number;
  /** The stack as it is before the workflow starts; none by default. */
  readonly existingStack?: {
    readonly status: string;
    readonly phase?: StackPhase;
    readonly owned?: boolean;
    readonly statusReason?: string;
    readonly outputs?: Record<string, string>;
    /** Deployed with the digests the fake's prepareNodeConfigs returns (an up-to-date cluster). */
    readonly current?: boolean;
  };
  /** Resources that fail the create (Phase=assets), the update to Phase=nodes, or the delete. */
  readonly createFailures?: readonly StackFailure[];
  readonly nodesFailures?: readonly StackFailure[];
  readonly deleteFailures?: readonly StackFailure[];
  /** Preflight checks to report; all pass by default. */
  readonly preflight?: readonly PreflightCheck[];
  /** Stack events each watchStack call reveals (default 3). */
  readonly eventsPerWatch?: number;
  /** describeNodeInstances calls that report nodes still pending before all run (default 0). */
  readonly nodesPendingCalls?: number;
  /** How Kubernetes answers verify (ready at once by default). */
  readonly kubernetes?: {
    /** observeKubernetes calls that find the API server unreachable first (default 0). */
    readonly unreachableCalls?: number;
    /** observeKubernetes calls, once reachable, that find the workers NotReady (default 0; Infinity: never ready). */
    readonly notReadyCalls?: number;
    /**
     * While unreachable, the boot units the nodes' consoles show failed, as the real activity
     * reports them (`bootFailures`, and a `notReady` line per node) when the input names the
     * instances (`nodeInstances`).
     */
    readonly bootFailures?: readonly NodeBootFailure[];
  };
  /** Errors an activity throws: called with the call number (from 1); `undefined` lets the call through. */
  readonly errors?: Partial<Record<ActivityName, (call: number) => Error | undefined>>;
}

interface Gate {
  /** Only this call number of the activity waits (any call when undefined). */
  readonly at: number | undefined;
  readonly reached: Promise<void>;
  arrive(): void;
  readonly opened: Promise<void>;
  open(): void;
  fail(err: Error): void;
}

function gate(at: number | undefined): Gate {
  let arrive!: () => void;
  let open!: () => void;
  let fail!: (err: Error) => void;
  const reached = new Promise<void>((r) => (arrive = r));
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { at, reached, arrive, opened, open, fail };
}

const DIGESTS = {
  controller: { path: 'userdata/controller.ign', sha512: 'c'.repeat(128), bytes: 4096 },
  worker: { path: 'userdata/worker.ign', sha512: 'd'.repeat(128), bytes: 2048 },
};
const digestKey = (d: typeof DIGESTS): string => `${d.controller.sha512}/${d.worker.sha512}`;

export class FakeKubeAws {
  readonly calls: Record<ActivityName, number>;
  /** Every call's input, in order. */
  readonly log: { readonly name: ActivityName; readonly input: unknown }[] = [];
  stack: FakeStack | null = null;
  readonly activities: KubeAwsActivities;
  readonly cluster: ClusterSummary;
  private readonly holds = new Map<ActivityName, Gate>();

  constructor(private readonly scenario: FakeScenario = {}) {
    const clusterName = scenario.clusterName ?? 'kube-cluster';
    const region = scenario.region ?? 'us-west-1';
    this.cluster = {
      clusterName,
      stackName: clusterName,
      region,
      availabilityZones: [`${region}c`],
      externalDNSName: 'kube.example.com',
      createRecordSet: false,
      workerCount: scenario.workerCount ?? 2,
      kmsKeyArn: `arn:aws:kms:${region}:${this.account}:key/fake`,
      keyName: 'fake-key',
      controllerIP: '10.0.0.50',
      configDigest: 'e'.repeat(64),
      warnings: [],
    };
    const existing = scenario.existingStack;
    if (existing) {
      this.stack = new FakeStack(clusterName, region, this.account, {
        ...existing,
        ...(existing.current ? { digestKey: digestKey(DIGESTS) } : {}),
      });
    }
    const names = Object.keys(this.implementations()) as ActivityName[];
    this.calls = Object.fromEntries(names.map((n) => [n, 0])) as Record<ActivityName, number>;
    this.activities = Object.fromEntries(names.map((n) => [n, (input: unknown) => this.invoke(n, input)])) as unknown as KubeAwsActivities;
  }

  get account(): string {
    return this.scenario.account ?? '123456789012';
  }

  /**
   * The next call of `name` (or its call number `at`, counting from 1) waits until
   * {@link release} or {@link fail}. The returned promise resolves once that call is waiting.
   */
  hold(name: ActivityName, at?: number): Promise<void> {
    const g = gate(at);
    this.holds.set(name, g);
    return g.reached;
  }

  /** Lets the held call of `name` go on. */
  release(name: ActivityName): void {
    this.holds.get(name)?.open();
    this.holds.delete(name);
  }

  /** Makes the held call of `name` fail with `err` (a worker dying mid-call, say). */
  fail(name: ActivityName, err: Error): void {
    this.holds.get(name)?.fail(err);
    this.holds.delete(name);
  }

  /** Lets every held call go on (a test's cleanup, so a failed assertion cannot leave a worker waiting). */
  releaseAll(): void {
    for (const name of [...this.holds.keys()]) this.release(name);
  }

  /** Deploys that were executed (not adopted, not no-ops), by phase. */
  deploysExecuted(phase: StackPhase): number {
    return this.executed[phase];
  }

  private readonly executed: Record<StackPhase, number> = { assets: 0, nodes: 0 };

  private async invoke(name: ActivityName, input: unknown): Promise<unknown> {
    this.calls[name] += 1;
    this.log.push({ name, input });
    const held = this.holds.get(name);
    if (held && (held.at === undefined || held.at === this.calls[name])) {
      held.arrive();
      await held.opened;
    }
    const error = this.scenario.errors?.[name]?.(this.calls[name]);
    if (error) throw error;
    const impl = this.implementations()[name] as (input: unknown) => Promise<unknown>;
    return impl(input);
  }

  private implementations(): KubeAwsActivities {
    const s = this.scenario;
    const cluster = (): ClusterSummary => this.cluster;
    return {
      initCluster: async () => ({ wrote: true }),
      loadCluster: async () => cluster(),
      renderAssets: async () => ({ files: [{ path: 'stack-template.json', action: 'wrote' }], warnings: [] }),
      validateAssets: async () => ({ userDataBytes: { controller: 4096, worker: 2048 }, templateBytes: 20_000, templateFitsInline: true, warnings: [] }),
      resolveAccount: async ({ region }) => ({ account: this.account, region, arn: `arn:aws:iam::${this.account}:user/fake` }),
      resolveImage: async () => ({ imageId: 'ami-0fake', name: 'flatcar-stable-fake' }),
      preflight: async () => {
        const checks = s.preflight ?? [
          { name: 'key-pair', ok: true, detail: 'fake-key exists' },
          { name: 'kms-key', ok: true, detail: 'an enabled symmetric key', keyArn: `arn:aws:kms:${cluster().region}:${this.account}:key/fake` },
        ];
        const failed = checks.filter((c) => !c.ok);
        // As the real activity does: a failed check fails the activity, with every check in the details.
        if (failed.length > 0) {
          throw ApplicationFailure.nonRetryable(`preflight found ${failed.length} problem(s):\n${failed.map((c) => `  ${c.name}: ${c.detail}`).join('\n')}`, 'PreflightFailed', { checks });
        }
        return checks;
      },
      validateTemplate: async () => ({ description: `kube-aws Kubernetes cluster ${cluster().clusterName}`, parameters: [{ key: 'Phase', defaultValue: 'nodes' }], capabilities: ['CAPABILITY_IAM'] }),
      prepareNodeConfigs: async () => DIGESTS,
      uploadNodeConfigs: async () => ({ keys: ['controller.ign', 'worker.ign'], skipped: 0 }),
      deployStack: async (input) => {
        const stack = this.stack;
        const base = { stackName: cluster().stackName, changeSetName: `kube-aws-${input.phase}` };
        if (!stack || stack.status === 'DELETE_COMPLETE') {
          if (input.phase !== 'assets') throw ApplicationFailure.nonRetryable(`no stack ${base.stackName} to deploy nodes to`, 'StackGone');
          const created = new FakeStack(base.stackName, cluster().region, this.account, { status: 'CREATE_IN_PROGRESS' });
          created.token = input.token;
          this.stack = created;
          this.executed.assets += 1;
          created.startCreate(s.createFailures ?? [], input.onFailure);
          return { ...base, stackId: created.stackId, operation: 'CREATE', noChanges: false, adopted: false };
        }
        if (stack.token === input.token && stack.operation === (input.phase === 'assets' ? 'CREATE' : 'UPDATE')) {
          // A retry of this very deploy: adopt it.
          return { ...base, stackId: stack.stackId, operation: stack.operation, noChanges: false, adopted: true, ...(stack.operationStart ? { sinceEventId: stack.operationStart } : {}) };
        }
        if (stack.status.endsWith('_IN_PROGRESS')) throw ApplicationFailure.nonRetryable(`stack ${stack.stackName} is busy (${stack.status})`, 'StackBusy');
        if (!['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'].includes(stack.status)) {
          throw ApplicationFailure.nonRetryable(`stack ${stack.stackName} is ${stack.status}`, 'StackFailed');
        }
        const key = input.digests ? digestKey(input.digests as typeof DIGESTS) : undefined;
        if (stack.phase === input.phase && (input.phase === 'assets' || stack.digestKey === key)) {
          return { ...base, stackId: stack.stackId, operation: 'UPDATE', noChanges: true, adopted: false };
        }
        if (input.phase === 'assets') throw new Error('the fake only moves a stack from assets to nodes');
        stack.token = input.token;
        this.executed.nodes += 1;
        stack.startNodes(key ?? '', s.nodesFailures ?? []);
        return { ...base, stackId: stack.stackId, operation: 'UPDATE', noChanges: false, adopted: false, ...(stack.operationStart ? { sinceEventId: stack.operationStart } : {}) };
      },
      watchStack: async (input) => {
        const stack = this.stack;
        if (!stack || stack.stackId !== input.stackId) {
          return { status: 'DELETE_COMPLETE', settled: true, succeeded: input.operation === 'DELETE', events: [], failures: [] };
        }
        const events = stack.advance(s.eventsPerWatch ?? 3, input.afterEventId);
        const settled = stack.settled && !stack.status.endsWith('_IN_PROGRESS');
        const goal = { CREATE: 'CREATE_COMPLETE', UPDATE: 'UPDATE_COMPLETE', DELETE: 'DELETE_COMPLETE' }[input.operation];
        const succeeded = settled && stack.status === goal;
        return { status: stack.status, settled, succeeded, events, failures: settled && !succeeded ? stack.operationFailures() : [] };
      },
      describeStack: async () => (this.stack && this.stack.status !== 'DELETE_COMPLETE' ? this.stack.snapshot() : null),
      cleanupKubernetesResources: async () => ({ loadBalancers: ['a1b2c3-fake-elb'], volumes: [], networkInterfaces: [], securityGroups: [], bucketObjects: 2 }),
      deleteStack: async () => {
        const stack = this.stack;
        if (!stack || stack.status === 'DELETE_COMPLETE') return { alreadyGone: true };
        if (stack.status !== 'DELETE_IN_PROGRESS') stack.startDelete(s.deleteFailures ?? []);
        return { stackId: stack.stackId, alreadyGone: false, ...(stack.operationStart ? { sinceEventId: stack.operationStart } : {}) };
      },
      describeNodeInstances: async () => this.nodes(),
      checkClusterCredentials: async () => this.credentials(),
      observeKubernetes: async (input) => this.observe(input),
    };
  }

  private credentials(): ClusterCredentialsReport {
    const id = (file: string, what: string, username: string, groups: string[]) => ({ file, what, username, groups: [...groups, 'system:authenticated'] });
    return {
      server: `https://${this.cluster.externalDNSName}`,
      serverName: this.cluster.externalDNSName,
      credentials: [
        id('kubeconfig', 'the admin credential', 'kube-admin', ['system:masters']),
        id('credentials/worker.pem', 'the worker bootstrap credential', 'system:bootstrap:kube-aws-worker', ['system:bootstrappers']),
        id('credentials/controller-manager.pem', 'the kube-controller-manager credential', 'system:kube-controller-manager', []),
        id('credentials/scheduler.pem', 'the kube-scheduler credential', 'system:kube-scheduler', []),
        id('credentials/apiserver-kubelet-client.pem', "the API server's kubelet client credential", 'kube-apiserver-kubelet-client', []),
      ],
    };
  }

  /** Answers as the real activity does, without waiting: unreachable, then workers NotReady, then ready. */
  private observe(input: ObserveKubernetesInput): KubernetesSnapshot {
    const k = this.scenario.kubernetes ?? {};
    const call = this.calls.observeKubernetes;
    const unreachable = k.unreachableCalls ?? 0;
    const observedAt = new Date().toISOString();
    const base = { nodesExpected: input.expectedNodes.length, observedAt, polls: 1 };
    if (call <= unreachable) {
      const cause = `connection refused by ${this.cluster.externalDNSName}:443 (ECONNREFUSED): the API server is not listening yet`;
      const booted = input.nodeInstances ? (k.bootFailures ?? []) : [];
      const lines = booted.map((f) => `node ${f.nodeName} (${f.instanceId}): not registered — ${f.units.map((u) => `${u.unit} failed (status=${u.status ?? '?'}): ${u.lastLines.at(-1) ?? ''}`).join('; ')}`);
      return {
        ...base,
        reachable: false,
        cause,
        ready: false,
        nodes: [],
        nodesReady: 0,
        workloads: [],
        podsReady: 0,
        podsTotal: 5,
        notReady: [`API server: ${cause}`, ...lines],
        ...(booted.length > 0 ? { bootFailures: booted } : {}),
      };
    }
    const ready = call > unreachable + (k.notReadyCalls ?? 0);
    const row = (name: string): KubeNodeRow => {
      const controller = name === input.controllerNode;
      const up = controller || ready;
      return { name, status: `${up ? 'Ready' : 'NotReady'}${controller ? ',SchedulingDisabled' : ''}`, roles: controller ? 'control-plane' : '<none>', age: '3m', version: 'v1.36.3', ready: up };
    };
    const nodes = input.expectedNodes.map(row).sort((a, b) => a.name.localeCompare(b.name));
    const notReady = nodes.filter((n) => !n.ready).map((n) => `node ${n.name}: NotReady: Ready=False (KubeletNotReady: container runtime network not ready)`);
    const workloads = [
      { kind: 'StaticPod' as const, name: `kube-apiserver-${input.controllerNode}`, ready: 1, desired: 1 },
      { kind: 'Deployment' as const, name: 'coredns', ready: ready ? 2 : 0, desired: 2, ...(ready ? {} : { reason: 'pod coredns-1: Pending: Unschedulable: 0/3 nodes are available' }) },
    ];
    if (!ready) notReady.push('Deployment coredns: 0/2 ready — pod coredns-1: Pending: Unschedulable: 0/3 nodes are available');
    return {
      ...base,
      reachable: true,
      ready,
      nodes,
      nodesReady: nodes.filter((n) => n.ready).length,
      workloads,
      podsReady: ready ? 3 : 1,
      podsTotal: 3,
      notReady,
    };
  }

  private nodes(): NodeInstancesReport {
    const pending = this.calls.describeNodeInstances <= (this.scenario.nodesPendingCalls ?? 0);
    const state = pending ? 'pending' : 'running';
    const n = this.cluster.workerCount;
    return {
      controller: { instanceId: 'i-controller', privateIp: '10.0.0.50', state, nodeName: 'ip-10-0-0-50' },
      workers: Array.from({ length: n }, (_, i) => ({ instanceId: `i-worker${i}`, privateIp: `10.0.0.${100 + i}`, state, nodeName: `ip-10-0-0-${100 + i}` })),
      expectedWorkers: n,
    };
  }
}
