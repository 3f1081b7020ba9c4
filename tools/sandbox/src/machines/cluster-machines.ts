/**
 * The sandbox plays the machines of every kube-aws stack the emulator finishes: once a stack with
 * kube-aws's owner tag is CREATE_COMPLETE/UPDATE_COMPLETE (as CloudFormation reports it, paced)
 * and has its controller instance, the controller boots from its user data (node-image.ts), runs
 * its static pods on loopback (control-plane.ts), applies its addons and joins as a node; each
 * worker instance of the Auto Scaling group boots and joins with its own bootstrap credential. A
 * deleted stack's machines are stopped.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { KubeBinaries } from '../../kube-install.mjs';
import { SANDBOX_CREDENTIALS } from '../account.js';
import { applyAddons } from './addons.js';
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
  /** Where CloudFormation is asked about stacks: the pacing proxy, so machines boot when users see the stack done. */
  readonly cloudFormationUrl: string;
  readonly region: string;
  /** Node roots, logs and kubeconfigs, one directory per stack. */
  readonly dir: string;
  /** The API endpoints file (api-endpoints.ts) this sandbox maintains. */
  readonly endpointsFile: string;
  readonly binaries: () => KubeBinaries;
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

export type MachineState = 'booting' | 'running' | 'failed';

export interface NodeView {
  readonly name: string;
  readonly instanceId: string;
  readonly role: 'controller' | 'worker';
  readonly state: string;
  readonly error?: string;
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

interface ClusterRecord {
  readonly stackId: string;
  readonly stackName: string;
  readonly clusterName: string;
  state: MachineState;
  error?: string;
  controlPlane?: ControlPlane;
  names: string[];
  readonly agents: Map<string, { agent: NodeAgent; role: 'controller' | 'worker'; name: string }>;
  cloud?: CloudNodeController;
  workerGroup?: string;
  addons?: Promise<void>;
  /** The running look for new workers: the poll and the boot must not both join the same instance. */
  joining?: Promise<void>;
}

/** How AWS names an instance's IP-based private DNS, which the node env script uses as node name. */
export function nodeNameFor(privateIp: string, region: string): string {
  const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-${privateIp.replace(/\./g, '-')}.${domain}`;
}

export class ClusterMachines {
  private readonly clusters = new Map<string, ClusterRecord>();
  private readonly aws: MachineAwsClients;
  private readonly cfn: CloudFormationClient;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(private readonly o: ClusterMachinesOptions) {
    this.aws = machineAwsClients(o.motoUrl, o.region);
    this.cfn = new CloudFormationClient({ endpoint: o.cloudFormationUrl, region: o.region, credentials: SANDBOX_CREDENTIALS, maxAttempts: 2 });
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
    return [...this.clusters.values()].map((c) => ({
      stackName: c.stackName,
      clusterName: c.clusterName,
      state: c.state,
      ...(c.error ? { error: c.error } : {}),
      ...(c.controlPlane ? { apiServer: `${c.controlPlane.apiServer.host}:${c.controlPlane.apiServer.port}` } : {}),
      externalNames: c.names,
      nodes: [...c.agents.entries()].map(([instanceId, a]) => ({
        name: a.name,
        instanceId,
        role: a.role,
        state: a.agent.state,
        ...(a.agent.lastError ? { error: a.agent.lastError } : {}),
      })),
    }));
  }

  /** Stops (true) or restarts (false) a node's kubelet heartbeats; false when no such node. */
  pauseNode(nodeName: string, paused: boolean): boolean {
    for (const c of this.clusters.values()) {
      for (const a of c.agents.values()) {
        if (a.name !== nodeName) continue;
        if (paused) a.agent.pause();
        else a.agent.resume();
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
          if (known.state === 'running') await this.joinNewWorkers(known).catch((e: unknown) => this.log(`${known.stackName}: ${String(e)}`));
          continue;
        }
        const controllerId = await this.controllerId(stack.StackName);
        if (!controllerId) continue; // the assets phase: no machines yet
        const record: ClusterRecord = {
          stackId: stack.StackId,
          stackName: stack.StackName,
          clusterName: stack.Tags?.find((t) => t.Key === OWNER_TAG)?.Value ?? stack.StackName,
          state: 'booting',
          names: [],
          agents: new Map(),
          ...(stack.Outputs?.find((o) => o.OutputKey === WORKER_GROUP_OUTPUT)?.OutputValue
            ? { workerGroup: stack.Outputs.find((o) => o.OutputKey === WORKER_GROUP_OUTPUT)?.OutputValue as string }
            : {}),
        };
        this.clusters.set(stack.StackId, record);
        void this.boot(record, controllerId);
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

  private async instances(ids: readonly string[]): Promise<NodeInstance[]> {
    if (ids.length === 0) return [];
    const out = await this.aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [...ids] }));
    return (out.Reservations ?? []).flatMap((r) =>
      (r.Instances ?? []).map((i) => ({
        instanceId: i.InstanceId ?? '',
        privateIp: i.PrivateIpAddress ?? '',
        availabilityZone: i.Placement?.AvailabilityZone ?? '',
        instanceType: i.InstanceType ?? '',
        region: this.o.region,
      })),
    );
  }

  private async boot(c: ClusterRecord, controllerId: string): Promise<void> {
    const dir = join(this.o.dir, c.stackName);
    try {
      const [controller] = await this.instances([controllerId]);
      if (!controller) throw new Error(`controller instance ${controllerId} not found in EC2`);
      this.log(`${c.stackName}: booting controller ${controllerId} from its user data`);
      const image = await materialiseNode(this.aws, controllerId, join(dir, controllerId, 'root'));
      const cp = await startControlPlane({ instanceId: controllerId, root: image.root, workDir: join(dir, controllerId), binaries: this.o.binaries() });
      c.controlPlane = cp;
      if (this.stopped || !this.clusters.has(c.stackId)) {
        await cp.stop();
        return;
      }
      c.names = externalNames(readFileSync(onNode(image.root, '/etc/kubernetes/pki/apiserver.pem')));
      updateApiEndpoints(this.o.endpointsFile, c.names, `${cp.apiServer.host}:${cp.apiServer.port}`);
      this.log(`${c.stackName}: API server on ${cp.apiServer.host}:${cp.apiServer.port} for ${c.names.join(', ')}`);

      const controllerName = nodeNameFor(controller.privateIp, this.o.region);
      const instances = new Map<string, NodeInstance>([[controllerName, controller]]);
      this.startAgent(c, controller, 'controller', image.root, join(dir, controllerId), cp);
      c.addons = applyAddons({
        root: image.root,
        apiServer: cp.apiServer,
        kubectl: this.o.binaries().kubectl,
        workDir: join(dir, controllerId, 'addons'),
        controllerNodeName: controllerName,
        log: (l) => this.log(`${c.stackName}: addons: ${l}`),
      });
      c.cloud = new CloudNodeController({ root: image.root, apiServer: cp.apiServer, instances, log: (l) => this.log(`${c.stackName}: ${l}`) });
      c.cloud.start();
      c.state = 'running';
      await this.joinNewWorkers(c);
      await c.addons;
    } catch (err) {
      c.state = 'failed';
      c.error = (err as Error).message;
      this.log(`${c.stackName}: ${c.error}`);
    }
  }

  private startAgent(c: ClusterRecord, instance: NodeInstance, role: 'controller' | 'worker', root: string, dir: string, cp: ControlPlane): void {
    const name = nodeNameFor(instance.privateIp, this.o.region);
    c.cloud?.addInstance(name, instance);
    const agent = new NodeAgent({
      nodeName: name,
      role,
      instance,
      root,
      apiServer: cp.apiServer,
      stateDir: join(dir, 'kubelet'),
      ...(role === 'controller' ? { staticPods: () => cp.staticPods() } : {}),
      log: (l) => this.log(`${name}: ${l}`),
    });
    c.agents.set(instance.instanceId, { agent, role, name });
    agent.start().catch((e: unknown) => this.log(`${name}: ${(e as Error).message}`));
  }

  /** Workers the group launched since the last look: each boots from its own user data. */
  private joinNewWorkers(c: ClusterRecord): Promise<void> {
    c.joining ??= this.joinWorkers(c).finally(() => {
      c.joining = undefined;
    });
    return c.joining;
  }

  private async joinWorkers(c: ClusterRecord): Promise<void> {
    const cp = c.controlPlane;
    if (!c.workerGroup || !cp) return;
    const out = await this.aws.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [c.workerGroup] }));
    const ids = (out.AutoScalingGroups?.[0]?.Instances ?? []).map((i) => i.InstanceId ?? '').filter((id) => id && !c.agents.has(id));
    for (const worker of await this.instances(ids)) {
      const dir = join(this.o.dir, c.stackName, worker.instanceId);
      try {
        const image = await materialiseNode(this.aws, worker.instanceId, join(dir, 'root'));
        this.startAgent(c, worker, 'worker', image.root, dir, cp);
      } catch (err) {
        this.log(`${c.stackName}: worker ${worker.instanceId}: ${(err as Error).message}`);
        c.error = (err as Error).message;
      }
    }
  }

  private async teardown(c: ClusterRecord): Promise<void> {
    updateApiEndpoints(this.o.endpointsFile, c.names, undefined);
    await c.cloud?.stop();
    await Promise.all([...c.agents.values()].map((a) => a.agent.stop().catch(() => undefined)));
    await c.addons?.catch(() => undefined);
    await c.controlPlane?.stop();
  }
}
