/**
 * The sandbox plays the machines of every kube-aws stack the emulator finishes: once a stack with
 * kube-aws's owner tag is CREATE_COMPLETE/UPDATE_COMPLETE (as CloudFormation reports it, paced)
 * and has its controller instance, each instance boots as a machine of @kube-aws/machines:
 * Ignition's part from its user data (node-image.ts), then its own units in namespaces of its own.
 * When a machine's kubelet.service starts, the kubelet's part is played here: on the controller the
 * static pods (control-plane.ts) and a node agent, on a worker a node agent, both named by the
 * kubelet's --hostname-override as the node-env unit wrote it. A deleted stack's machines stop.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { imageTable } from '../node/aws-cli-image.js';
import type { InstanceFacts } from '../node/imds.js';
import { instanceFacts, roleCredentials } from '../node/instance-identity.js';
import type { IdentityClients } from '../node/instance-identity.js';
import { kubeletFlags } from '../node/kubelet-flags.js';
import { Machine } from '../node/machine.js';
import type { UnitStatus } from '../systemd/manager.js';
import type { KubeBinaries } from '../../kube-install.mjs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { externalNames, updateApiEndpoints } from './api-endpoints.js';
import { machineAwsClients } from './aws-clients.js';
import type { MachineAwsClients } from './aws-clients.js';
import { CloudNodeController } from './cloud-node-controller.js';
import { startControlPlane } from './control-plane.js';
import type { ControlPlane } from './control-plane.js';
import { NodeAgent } from './node-agent.js';
import type { NodeInstance } from './node-agent.js';
import { materialiseNode, onNode } from './node-image.js';

/** kube-aws's stack tag naming the cluster (packages/aws contract's STACK_OWNER_TAG). */
const OWNER_TAG = 'kube-aws:cluster';
const CONTROLLER_RESOURCE = 'InstanceController';
const WORKER_GROUP_OUTPUT = 'WorkerAutoScalingGroup';
const SETTLED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

export interface ClusterMachinesOptions {
  /** moto, for what instances read (EC2, S3, KMS). */
  readonly motoUrl: string;
  /**
   * The pacing proxy: where the machines ask CloudFormation about stacks (so they boot when users
   * see the stack done) and where their nodes reach AWS.
   */
  readonly proxyUrl: string;
  readonly region: string;
  /** The emulator's credentials, for what the machines read from it as EC2 itself would know it. */
  readonly credentials: AwsCredentialIdentity;
  /** Node roots, logs and kubeconfigs, one directory per stack. */
  readonly dir: string;
  /** The API endpoints file (api-endpoints.ts) this sandbox maintains. */
  readonly endpointsFile: string;
  readonly binaries: () => KubeBinaries;
  /** The AWS CLI that plays the AWS CLI image on the machines (the sandbox venv's `aws`). */
  readonly awsCli: () => string;
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

export type MachineState = 'booting' | 'running' | 'failed';

export interface NodeView {
  readonly name: string;
  readonly instanceId: string;
  readonly role: 'controller' | 'worker';
  /** The kubelet's (node agent's) state once kubelet.service started, else the machine's. */
  readonly state: string;
  readonly error?: string;
  /** The machine's units as its systemd stand-in reports them. */
  readonly units: readonly UnitStatus[];
  /** Where the machine keeps console.log and units/<unit>.log. */
  readonly logDir: string;
}

export interface ClusterView {
  readonly stackName: string;
  readonly clusterName: string;
  readonly state: MachineState;
  readonly error?: string;
  readonly apiServer?: string;
  readonly externalNames: readonly string[];
  readonly nodes: readonly NodeView[];
}

interface MachineRecord {
  readonly instanceId: string;
  readonly role: 'controller' | 'worker';
  readonly facts: InstanceFacts;
  readonly machine: Machine;
  readonly root: string;
  agent?: NodeAgent;
}

interface ClusterRecord {
  readonly stackId: string;
  readonly stackName: string;
  readonly clusterName: string;
  state: MachineState;
  error?: string;
  controlPlane?: ControlPlane;
  /** The control plane's start, once the controller's kubelet.service started. */
  starting?: Promise<void>;
  /** Resolves when the control plane is up: workers boot beside the controller, as an Auto Scaling group launches them, and their kubelets wait for it. */
  readonly controlPlaneUp: Promise<ControlPlane>;
  controlPlaneStarted: (cp: ControlPlane) => void;
  names: string[];
  readonly machines: Map<string, MachineRecord>;
  cloud?: CloudNodeController;
  workerGroup?: string;
  /** The running look for new workers: the poll and the boot must not both join the same instance. */
  joining?: Promise<void>;
}

export class ClusterMachines {
  private readonly clusters = new Map<string, ClusterRecord>();
  private readonly aws: MachineAwsClients;
  private readonly identity: IdentityClients;
  private readonly cfn: CloudFormationClient;
  private readonly awsEndpoint: { host: string; port: number };
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(private readonly o: ClusterMachinesOptions) {
    this.aws = machineAwsClients(o.motoUrl, o.region, o.credentials);
    const direct = { endpoint: o.motoUrl, region: o.region, credentials: o.credentials, maxAttempts: 3 };
    this.identity = { ec2: this.aws.ec2, autoScaling: this.aws.autoScaling, iam: new IAMClient(direct), sts: new STSClient(direct) };
    this.cfn = new CloudFormationClient({ endpoint: o.proxyUrl, region: o.region, credentials: o.credentials, maxAttempts: 2 });
    // The machines reach "AWS" where users do: the pacing proxy.
    const url = new URL(o.proxyUrl);
    this.awsEndpoint = { host: url.hostname, port: Number(url.port || 80) };
    mkdirSync(o.dir, { recursive: true });
  }

  start(): void {
    const tick = (): void => {
      if (this.stopped) return;
      void this.poll().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs ?? 1000);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.clusters.values()].map((c) => this.teardown(c)));
    this.clusters.clear();
  }

  snapshot(): ClusterView[] {
    return [...this.clusters.values()].map((c) => {
      const error = c.error ?? [...c.machines.values()].map((m) => m.machine.error && `${m.role} ${m.instanceId}: ${m.machine.error}`).find(Boolean);
      return {
        stackName: c.stackName,
        clusterName: c.clusterName,
        state: c.state === 'booting' && error ? 'failed' : c.state,
        ...(error ? { error } : {}),
        ...(c.controlPlane ? { apiServer: `${c.controlPlane.apiServer.host}:${c.controlPlane.apiServer.port}` } : {}),
        externalNames: c.names,
        nodes: [...c.machines.values()].map((m) => ({
          name: m.facts.privateDnsName,
          instanceId: m.instanceId,
          role: m.role,
          state: m.agent ? m.agent.state : `machine ${m.machine.state}`,
          ...((m.agent?.lastError ?? m.machine.error) ? { error: (m.agent?.lastError ?? m.machine.error) as string } : {}),
          units: m.machine.units(),
          logDir: join(this.o.dir, c.stackName, m.instanceId),
        })),
      };
    });
  }

  /** What the machine of `instanceId` wrote to its console (EC2 GetConsoleOutput); undefined for instances it does not play. */
  consoleOutput(instanceId: string): string | undefined {
    for (const c of this.clusters.values()) {
      const m = c.machines.get(instanceId);
      if (m) return m.machine.consoleOutput();
    }
    return undefined;
  }

  /** Stops (true) or restarts (false) a node's kubelet heartbeats; false when no such node. */
  pauseNode(nodeName: string, paused: boolean): boolean {
    for (const c of this.clusters.values()) {
      for (const m of c.machines.values()) {
        if (m.facts.privateDnsName !== nodeName || !m.agent) continue;
        if (paused) m.agent.pause();
        else m.agent.resume();
        return true;
      }
    }
    return false;
  }

  private log(line: string): void {
    this.o.log?.(line);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const stacks = await this.ownedStacks();
      const live = new Set(stacks.map((s) => s.StackId ?? ''));
      for (const [id, c] of this.clusters) {
        if (!live.has(id)) {
          this.clusters.delete(id);
          this.log(`${c.stackName}: stack gone; stopping its machines`);
          await this.teardown(c);
        }
      }
      for (const stack of stacks) {
        if (!stack.StackId || !stack.StackName || !SETTLED.has(stack.StackStatus ?? '')) continue;
        const known = this.clusters.get(stack.StackId);
        if (known) {
          if (known.state !== 'failed') await this.joinNewWorkers(known).catch((e: unknown) => this.log(`${known.stackName}: ${String(e)}`));
          continue;
        }
        const controllerId = await this.controllerId(stack.StackName);
        if (!controllerId) continue; // the assets phase: no machines yet
        const workerGroup = stack.Outputs?.find((o) => o.OutputKey === WORKER_GROUP_OUTPUT)?.OutputValue;
        let controlPlaneStarted: (cp: ControlPlane) => void = () => undefined;
        const controlPlaneUp = new Promise<ControlPlane>((resolve) => {
          controlPlaneStarted = resolve;
        });
        const record: ClusterRecord = {
          controlPlaneUp,
          controlPlaneStarted,
          stackId: stack.StackId,
          stackName: stack.StackName,
          clusterName: stack.Tags?.find((t) => t.Key === OWNER_TAG)?.Value ?? stack.StackName,
          state: 'booting',
          names: [],
          machines: new Map(),
          ...(workerGroup ? { workerGroup } : {}),
        };
        this.clusters.set(stack.StackId, record);
        void this.bootMachine(record, controllerId, 'controller');
        void this.joinNewWorkers(record).catch((e: unknown) => this.log(`${record.stackName}: ${String(e)}`));
      }
    } catch (err) {
      this.log(`machines: cannot list stacks: ${(err as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private async ownedStacks(): Promise<Stack[]> {
    const out = await this.cfn.send(new DescribeStacksCommand({}));
    return (out.Stacks ?? []).filter((s) => s.Tags?.some((t) => t.Key === OWNER_TAG) && !(s.StackStatus ?? '').startsWith('DELETE_COMPLETE'));
  }

  private async controllerId(stackName: string): Promise<string | undefined> {
    const out = await this.cfn.send(new DescribeStackResourcesCommand({ StackName: stackName, LogicalResourceId: CONTROLLER_RESOURCE }));
    return out.StackResources?.[0]?.PhysicalResourceId || undefined;
  }

  /** Ignition's part, then the machine: its units boot in namespaces of their own. */
  private async bootMachine(c: ClusterRecord, instanceId: string, role: 'controller' | 'worker'): Promise<void> {
    const dir = join(this.o.dir, c.stackName, instanceId);
    try {
      this.log(`${c.stackName}: booting ${role} ${instanceId} from its user data`);
      const image = await materialiseNode(this.aws, instanceId, join(dir, 'root'));
      const facts = await instanceFacts(this.identity, instanceId, this.o.region, role === 'worker' ? c.workerGroup : undefined);
      const machine = new Machine({
        facts,
        credentials: roleCredentials(this.identity, facts),
        root: image.root,
        dir,
        awsEndpoint: this.awsEndpoint,
        ...(role === 'controller' ? { apiServer: () => c.controlPlane?.apiServer } : {}),
        kubectl: this.o.binaries().kubectl,
        images: imageTable(this.o.awsCli()),
        onHostUnit: (unit, argv) => {
          const started = c.machines.get(instanceId);
          if (unit === 'kubelet.service' && started) void this.kubeletStarted(c, started, argv);
        },
        log: (l) => this.log(`${c.stackName}: ${l}`),
      });
      c.machines.set(instanceId, { instanceId, role, facts, machine, root: image.root });
      if (this.stopped || !this.clusters.has(c.stackId)) return;
      await machine.start();
    } catch (err) {
      const message = `${role} ${instanceId}: ${(err as Error).message}`;
      this.log(`${c.stackName}: ${message}`);
      if (role === 'controller') c.state = 'failed';
      c.error ??= message;
    }
  }

  /** kubelet.service started on a machine: the kubelet's part (and on the controller its static pods). */
  private async kubeletStarted(c: ClusterRecord, m: MachineRecord, argv: readonly string[]): Promise<void> {
    if (m.agent) return; // a restart of the unit: the agent keeps running
    try {
      if (m.role === 'controller') {
        c.starting ??= this.startControlPlane(c, m);
        await c.starting;
      }
      // A worker's kubelet keeps trying until the API server answers: so does its agent here.
      const cp = await c.controlPlaneUp;
      if (this.stopped || m.agent) return;
      const flags = kubeletFlags(argv);
      const name = flags.hostnameOverride ?? m.facts.privateDnsName;
      const instance: NodeInstance = {
        instanceId: m.instanceId,
        privateIp: flags.nodeIp ?? m.facts.privateIp,
        availabilityZone: m.facts.availabilityZone,
        instanceType: m.facts.instanceType,
        region: this.o.region,
      };
      c.cloud?.addInstance(name, instance);
      const agent = new NodeAgent({
        nodeName: name,
        role: m.role,
        instance,
        root: m.root,
        apiServer: cp.apiServer,
        stateDir: join(this.o.dir, c.stackName, m.instanceId, 'kubelet'),
        ...(m.role === 'controller' ? { staticPods: () => cp.staticPods() } : {}),
        log: (l) => this.log(`${name}: ${l}`),
      });
      m.agent = agent;
      agent.start().catch((e: unknown) => this.log(`${name}: ${(e as Error).message}`));
    } catch (err) {
      c.state = 'failed';
      c.error = `${m.role} ${m.instanceId}: ${(err as Error).message}`;
      this.log(`${c.stackName}: ${c.error}`);
    }
  }

  private async startControlPlane(c: ClusterRecord, m: MachineRecord): Promise<void> {
    const cp = await startControlPlane({ instanceId: m.instanceId, root: m.root, workDir: join(this.o.dir, c.stackName, m.instanceId), binaries: this.o.binaries() });
    c.controlPlane = cp;
    if (this.stopped || !this.clusters.has(c.stackId)) {
      await cp.stop();
      return;
    }
    c.names = externalNames(readFileSync(onNode(m.root, '/etc/kubernetes/pki/apiserver.pem')));
    updateApiEndpoints(this.o.endpointsFile, c.names, `${cp.apiServer.host}:${cp.apiServer.port}`);
    this.log(`${c.stackName}: API server on ${cp.apiServer.host}:${cp.apiServer.port} for ${c.names.join(', ')}`);
    c.cloud = new CloudNodeController({ root: m.root, apiServer: cp.apiServer, log: (l) => this.log(`${c.stackName}: ${l}`) });
    c.cloud.start();
    c.state = 'running';
    c.controlPlaneStarted(cp);
  }

  /** Workers the group launched since the last look: each boots from its own user data. */
  private joinNewWorkers(c: ClusterRecord): Promise<void> {
    c.joining ??= this.joinWorkers(c).finally(() => {
      c.joining = undefined;
    });
    return c.joining;
  }

  private async joinWorkers(c: ClusterRecord): Promise<void> {
    if (!c.workerGroup) return;
    const out = await this.aws.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [c.workerGroup] }));
    const ids = (out.AutoScalingGroups?.[0]?.Instances ?? []).map((i) => i.InstanceId ?? '').filter((id) => id && !c.machines.has(id));
    await Promise.all(ids.map((id) => this.bootMachine(c, id, 'worker')));
  }

  private async teardown(c: ClusterRecord): Promise<void> {
    updateApiEndpoints(this.o.endpointsFile, c.names, undefined);
    await c.cloud?.stop();
    await Promise.all([...c.machines.values()].map(async (m) => {
      await m.agent?.stop().catch(() => undefined);
      await m.machine.stop();
    }));
    await c.starting?.catch(() => undefined);
    await c.controlPlane?.stop();
    // The roots hold the decrypted TLS assets: a gone cluster keeps only its logs and consoles.
    for (const m of c.machines.values()) if (existsSync(m.root)) rmSync(m.root, { recursive: true, force: true });
  }
}
