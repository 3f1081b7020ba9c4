/**
 * Plays aws-cloud-controller-manager's node initialisation (addon 30 deploys it as a DaemonSet, but
 * nothing real runs in the sandbox): for every Node still tainted
 * `node.cloudprovider.kubernetes.io/uninitialized`, it records the EC2 addresses, sets
 * `spec.providerID` (aws:///<az>/<instance id>) and the instance-type/zone/region labels, and
 * removes the taint. Nodes it has no instance for are left alone, as the real one leaves them.
 */
import { mintClientCredentials } from './client-cert-mint.js';
import { errorText, isConflict, KubeApiClient } from './kube-api-client.js';
import type { ApiServerAddress, ClientCredentials, NodeInstance } from './machine-types.js';
import type { NodeObject } from './node-object.js';
import { UNINITIALIZED_TAINT } from './node-object.js';
import { Periodic } from './periodic.js';

export interface CloudNodeControllerOptions {
  /** Admin-level credentials (a system:masters certificate minted with the cluster CA)... */
  readonly admin?: ClientCredentials;
  /** ...or the controller's node root, to mint them from its pki/ca.pem and ca-key.pem. */
  readonly root?: string;
  readonly apiServer: ApiServerAddress;
  /** EC2's view, by node name (more with {@link CloudNodeController.addInstance}). */
  readonly instances?: ReadonlyMap<string, NodeInstance>;
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
}

export const CLOUD_CONTROLLER_USER = 'kube-aws:cloud-node-controller';

/** What the AWS provider reports for an instance without a public address. */
export function ec2Addresses(nodeName: string, instance: NodeInstance): { type: string; address: string }[] {
  return [
    { type: 'InternalIP', address: instance.privateIp },
    { type: 'InternalDNS', address: nodeName },
    { type: 'Hostname', address: nodeName },
  ];
}

export class CloudNodeController {
  private readonly client: KubeApiClient;
  private readonly loop: Periodic;
  private readonly instances: Map<string, NodeInstance>;

  constructor(private readonly o: CloudNodeControllerOptions) {
    const admin =
      o.admin ??
      (o.root !== undefined ? mintClientCredentials({ root: o.root, commonName: CLOUD_CONTROLLER_USER, organization: 'system:masters' }) : undefined);
    if (!admin) throw new TypeError('CloudNodeController needs admin credentials or the controller root to mint them');
    this.instances = new Map(o.instances ?? []);
    this.client = new KubeApiClient(o.apiServer, admin, 'aws-cloud-controller-manager (kube-aws sandbox stand-in)');
    this.loop = new Periodic(o.intervalMs ?? 1000, () => this.sync(), (err) => o.log?.(`[cloud-node-controller] warning: ${errorText(err)}`));
  }

  /** An instance EC2 launched later (a new worker). */
  addInstance(nodeName: string, instance: NodeInstance): void {
    this.instances.set(nodeName, instance);
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.client.close();
  }

  /** One pass over the Nodes (exposed for tests). */
  async sync(): Promise<void> {
    const nodes = await this.client.get<{ items: NodeObject[] }>('/api/v1/nodes');
    for (const node of nodes.items) {
      if (!node.spec?.taints?.some((t) => t.key === UNINITIALIZED_TAINT)) continue;
      const name = node.metadata.name;
      const instance = this.instances.get(name);
      if (!instance) continue;
      try {
        await this.initialize(node, instance);
        this.o.log?.(`[cloud-node-controller] initialised ${name} as aws:///${instance.availabilityZone}/${instance.instanceId}`);
      } catch (err) {
        if (!isConflict(err)) throw err; // changed under us: next pass
      }
    }
  }

  private async initialize(node: NodeObject, instance: NodeInstance): Promise<void> {
    const name = node.metadata.name;
    // Addresses first: kube-aws's serving-CSR approver reads them once the taint is gone.
    await this.client.patch(`/api/v1/nodes/${name}/status`, { status: { addresses: ec2Addresses(name, instance) } }, 'merge');
    const labels = node.metadata.labels ?? {};
    const wanted: Record<string, string> = {
      'node.kubernetes.io/instance-type': instance.instanceType,
      'beta.kubernetes.io/instance-type': instance.instanceType,
      'topology.kubernetes.io/zone': instance.availabilityZone,
      'failure-domain.beta.kubernetes.io/zone': instance.availabilityZone,
      'topology.kubernetes.io/region': instance.region,
      'failure-domain.beta.kubernetes.io/region': instance.region,
    };
    const addLabels = Object.fromEntries(Object.entries(wanted).filter(([k]) => labels[k] === undefined));
    await this.client.patch(
      `/api/v1/nodes/${name}`,
      {
        metadata: { labels: addLabels, resourceVersion: node.metadata.resourceVersion },
        spec: {
          providerID: node.spec?.providerID ?? `aws:///${instance.availabilityZone}/${instance.instanceId}`,
          taints: (node.spec?.taints ?? []).filter((t) => t.key !== UNINITIALIZED_TAINT),
        },
      },
      'merge',
    );
  }
}
