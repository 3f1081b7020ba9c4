/**
 * The sandbox's machines against a real control plane booted from a rendered cluster: the addons
 * applied, three node agents bootstrapping through CSRs with their own certificates,
 * the cloud-node stand-in, kube-system workloads reported Running, a foreign bootstrap credential,
 * and a paused node.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { NodeCredentialRejectedError } from '../../src/errors.js';
import { mintClientCredentials } from '../../src/cluster/client-cert-mint.js';
import { CloudNodeController } from '../../src/cluster/cloud-node-controller.js';
import { KubeApiClient } from '../../src/cluster/kube-api-client.js';
import { NodeAgent } from '../../src/cluster/node-agent.js';
import type { DevCluster } from './helpers/dev-cluster.js';
import { foreignBootstrapCredential, instance, nodeName, startDevCluster } from './helpers/dev-cluster.js';

const CONTROLLER_IP = '10.0.0.50';
// Built from parts so secret scanners do not take this pattern for a committed key.
const EC_KEY_BLOCK = new RegExp(`-----BEGIN EC ${'PRIVATE'} KEY-----[\\s\\S]+?-----END EC ${'PRIVATE'} KEY-----`);
const WORKER_IPS = ['10.0.0.51', '10.0.0.52'];
const CONTROLLER = nodeName(CONTROLLER_IP);
const WORKERS = WORKER_IPS.map(nodeName);
const log = (line: string): void => {
  if (process.env.MACHINES_TEST_LOG) process.stderr.write(`${line}\n`);
};

interface Condition {
  type: string;
  status: string;
}
interface NodeJson {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { unschedulable?: boolean; providerID?: string; taints?: { key: string; effect: string }[] };
  status: { conditions: Condition[]; addresses: { type: string; address: string }[]; nodeInfo: { kubeletVersion: string } };
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('sandbox machines on a real control plane', { timeout: 15 * 60_000 }, () => {
  let cluster: DevCluster;
  let controlPlaneUpAt = 0;
  const agents = new Map<string, NodeAgent>();
  let cloud: CloudNodeController | undefined;
  let addons: Promise<void> | undefined;

  const kubectlJson = async <T>(args: readonly string[]): Promise<T> => {
    const r = await cluster.kubectl([...args, '-o', 'json']);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const nodes = async (): Promise<NodeJson[]> => (await kubectlJson<{ items: NodeJson[] }>(['get', 'nodes'])).items;
  const ready = (n: NodeJson): string | undefined => n.status.conditions.find((c) => c.type === 'Ready')?.status;

  before(async () => {
    const t = Date.now();
    cluster = await startDevCluster();
    controlPlaneUpAt = Date.now();
    process.stderr.write(`# machines: rendered and control plane up in ${(controlPlaneUpAt - t) / 1000}s\n`);
  });

  after(async () => {
    await Promise.all([...agents.values()].map((a) => a.stop()));
    await cloud?.stop();
    await addons?.catch(() => undefined);
    await cluster?.stop();
  });

  test('addons apply; the controller and two workers bootstrap through CSRs with their own certificates and become Ready', async () => {
    const start = Date.now();
    const controllerInstance = instance(CONTROLLER_IP, 50);
    const workerInstances = WORKER_IPS.map((ip, i) => instance(ip, 51 + i));
    // Boot order as on EC2: kubelets start with the control plane and retry until the addons' RBAC exists.
    const controller = new NodeAgent({
      nodeName: CONTROLLER,
      role: 'controller',
      instance: controllerInstance,
      root: cluster.controllerRoot,
      apiServer: cluster.controlPlane.apiServer,
      stateDir: join(cluster.dir, 'nodes/controller/kubelet'),
      staticPods: () => cluster.controlPlane.staticPods(),
      heartbeatIntervalMs: 3000,
      log,
    });
    agents.set(CONTROLLER, controller);
    WORKERS.forEach((name, i) => {
      agents.set(
        name,
        new NodeAgent({
          nodeName: name,
          role: 'worker',
          instance: workerInstances[i] as (typeof workerInstances)[number],
          root: cluster.workerRoot(name),
          apiServer: cluster.controlPlane.apiServer,
          stateDir: join(cluster.dir, 'nodes', name, 'kubelet'),
          heartbeatIntervalMs: 3000,
          log,
        }),
      );
    });
    const started = [...agents.values()].map((a) => a.start());
    cloud = new CloudNodeController({
      admin: mintClientCredentials({ root: cluster.controllerRoot, commonName: 'kube-aws:cloud-node-controller', organization: 'system:masters' }),
      apiServer: cluster.controlPlane.apiServer,
      instances: new Map([
        [CONTROLLER, controllerInstance],
        ...WORKERS.map((n, i) => [n, workerInstances[i]] as [string, (typeof workerInstances)[number]]),
      ]),
      log,
    });
    cloud.start();
    // What kube-aws-addons.service does on the controller (the e2e suite runs the unit itself).
    addons = cluster.applyAddons(CONTROLLER);
    await addons;
    await Promise.all(started);
    await waitFor('three Ready nodes', 120_000, async () => {
      const list = await nodes();
      return list.length === 3 && list.every((n) => ready(n) === 'True') ? list : undefined;
    });
    const readyAt = Date.now();
    process.stderr.write(`# machines: 3 nodes Ready ${(readyAt - start) / 1000}s after the agents started (${(readyAt - controlPlaneUpAt) / 1000}s after the control plane was up)\n`);
    const uninitialized = (n: NodeJson): boolean => n.spec.taints?.some((t) => t.key === 'node.cloudprovider.kubernetes.io/uninitialized') ?? false;
    const all = await waitFor('the cloud stand-in to initialise the nodes and the controller to be cordoned', 60_000, async () => {
      const list = await nodes();
      return list.every((n) => !uninitialized(n)) && list.find((n) => n.metadata.name === CONTROLLER)?.spec.unschedulable ? list : undefined;
    });

    // Each node's certificate: its own, issued by the cluster CA through the CSR.
    const ca = new X509Certificate(readFileSync(join(cluster.clusterDir, 'credentials/ca.pem')));
    for (const name of [CONTROLLER, ...WORKERS]) {
      const dir = name === CONTROLLER ? 'nodes/controller/kubelet' : `nodes/${name}/kubelet`;
      const cert = new X509Certificate(readFileSync(join(cluster.dir, dir, 'pki/kubelet-client-current.pem')));
      assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey), `${name}'s certificate is from the cluster CA`);
      assert.deepEqual(cert.subject.split('\n').sort(), ['CN=system:node:' + name, 'O=system:nodes'].sort());
    }
    const csrs = (await kubectlJson<{ items: { spec: { username: string; signerName: string }; status: { conditions?: { type: string }[]; certificate?: string } }[] }>(['get', 'csr'])).items;
    const clientCsrs = csrs.filter((c) => c.spec.signerName === 'kubernetes.io/kube-apiserver-client-kubelet');
    assert.equal(clientCsrs.length, 3);
    for (const c of clientCsrs) {
      assert.equal(c.spec.username, 'system:bootstrap:kube-aws-worker');
      assert.ok(c.status.conditions?.some((k) => k.type === 'Approved'), 'approved by kube-controller-manager');
      assert.ok(c.status.certificate, 'signed');
    }

    const leases = (await kubectlJson<{ items: { metadata: { name: string }; spec: { holderIdentity?: string } }[] }>(['get', 'leases', '-n', 'kube-node-lease'])).items;
    assert.deepEqual(leases.map((l) => [l.metadata.name, l.spec.holderIdentity]).sort(), [CONTROLLER, ...WORKERS].map((n) => [n, n]).sort());

    const byName = new Map(all.map((n) => [n.metadata.name, n]));
    const ctl = byName.get(CONTROLLER);
    assert.ok(ctl);
    assert.equal(ctl.spec.unschedulable, true, 'controller cordoned');
    assert.equal(ctl.metadata.labels?.['node-role.kubernetes.io/control-plane'], '');
    assert.ok(ctl.spec.taints?.some((t) => t.key === 'node-role.kubernetes.io/control-plane' && t.effect === 'NoSchedule'));
    const table = await cluster.kubectl(['get', 'nodes', '--no-headers']);
    assert.match(table.stdout, new RegExp(`${CONTROLLER.replace(/\./g, '\\.')}\\s+Ready,SchedulingDisabled\\s+control-plane`));
    for (const w of WORKERS) assert.match(table.stdout, new RegExp(`${w.replace(/\./g, '\\.')}\\s+Ready\\s+<none>`));
    for (const n of all) {
      assert.equal(n.status.nodeInfo.kubeletVersion, cluster.binaries.version);
      assert.match(n.spec.providerID ?? '', /^aws:\/\/\/us-west-1c\/i-0/);
      assert.equal(n.metadata.labels?.['node.kubernetes.io/instance-type'], 't3.medium');
      assert.equal(n.metadata.labels?.['topology.kubernetes.io/zone'], 'us-west-1c');
      assert.deepEqual(n.status.addresses.map((a) => a.type).sort(), ['Hostname', 'InternalDNS', 'InternalIP']);
    }
  });

  test('kube-system Deployments and DaemonSets get pods scheduled and reported Running; static pods have mirror pods', async () => {
    const start = Date.now();
    type Workload = { metadata: { name: string }; spec: { replicas?: number }; status: Record<string, number | undefined> };
    const expected = {
      deployments: ['coredns', 'ebs-csi-controller'],
      daemonsets: ['kube-proxy', 'kube-flannel-ds', 'aws-cloud-controller-manager', 'ebs-csi-node'],
    };
    const pending = async (): Promise<string> => {
      const pods = (await kubectlJson<{ items: { metadata: { name: string }; status: { phase?: string; conditions?: (Condition & { message?: string })[] } }[] }>(['get', 'pods', '-n', 'kube-system'])).items;
      return pods
        .filter((p) => p.status.phase !== 'Running')
        .map((p) => `${p.metadata.name}: ${p.status.phase ?? '?'} ${p.status.conditions?.find((c) => c.type === 'PodScheduled' && c.status !== 'True')?.message ?? ''}`)
        .join('; ');
    };
    await waitFor('kube-system workloads available', 180_000, async () => {
      const deps = (await kubectlJson<{ items: Workload[] }>(['get', 'deployments', '-n', 'kube-system'])).items;
      const dss = (await kubectlJson<{ items: Workload[] }>(['get', 'daemonsets', '-n', 'kube-system'])).items;
      const depOk = expected.deployments.every((n) => {
        const d = deps.find((x) => x.metadata.name === n);
        return d !== undefined && (d.status.availableReplicas ?? 0) >= (d.spec.replicas ?? 1);
      });
      const dsOk = expected.daemonsets.every((n) => {
        const d = dss.find((x) => x.metadata.name === n);
        return d !== undefined && (d.status.desiredNumberScheduled ?? 0) > 0 && d.status.numberAvailable === d.status.desiredNumberScheduled;
      });
      if (depOk && dsOk) return true;
      throw new Error(`not available yet; pods not running: ${await pending()}`);
    });
    process.stderr.write(`# machines: kube-system workloads available ${(Date.now() - controlPlaneUpAt) / 1000}s after the control plane was up (waited ${(Date.now() - start) / 1000}s here)\n`);
    const dss = (await kubectlJson<{ items: Workload[] }>(['get', 'daemonsets', '-n', 'kube-system'])).items;
    // Everything is scheduled everywhere it should be: kube-proxy and flannel on all three nodes.
    for (const n of ['kube-proxy', 'kube-flannel-ds']) assert.equal(dss.find((d) => d.metadata.name === n)?.status.desiredNumberScheduled, 3, n);

    type Pod = { metadata: { name: string; annotations?: Record<string, string> }; spec: { nodeName?: string; hostNetwork?: boolean }; status: { phase?: string; podIP?: string; conditions?: Condition[] } };
    const pods = (await kubectlJson<{ items: Pod[] }>(['get', 'pods', '-n', 'kube-system'])).items;
    for (const p of pods) {
      assert.equal(p.status.phase, 'Running', p.metadata.name);
      assert.equal(p.status.conditions?.find((c) => c.type === 'Ready')?.status, 'True', p.metadata.name);
      assert.ok(p.status.podIP, `${p.metadata.name} has an IP`);
    }
    const mirrors = pods.filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror']);
    assert.deepEqual(
      mirrors.map((p) => p.metadata.name).sort(),
      ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((n) => `${n}-${CONTROLLER}`),
    );
    const coredns = pods.filter((p) => p.metadata.name.startsWith('coredns-'));
    assert.equal(coredns.length, 2);
    // Not hostNetwork: IPs from the node's podCIDR, which kube-controller-manager carves from podCIDR 10.2.0.0/16.
    for (const p of coredns) assert.match(p.status.podIP ?? '', /^10\.2\.\d+\.\d+$/, 'a pod IP from the node podCIDR');
  });

  test('NodeRestriction holds: a node may not touch another Node nor give itself a role label', async () => {
    const [w1, w2] = WORKERS as [string, string];
    const bundle = readFileSync(join(cluster.dir, 'nodes', w1, 'kubelet/pki/kubelet-client-current.pem'), 'utf8');
    const client = new KubeApiClient(cluster.controlPlane.apiServer, {
      caPem: readFileSync(join(cluster.clusterDir, 'credentials/ca.pem'), 'utf8'),
      certPem: /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(bundle)?.[0] ?? '',
      keyPem: EC_KEY_BLOCK.exec(bundle)?.[0] ?? '',
      serverName: '10.0.0.50',
    });
    try {
      await assert.rejects(client.patch(`/api/v1/nodes/${w2}`, { metadata: { annotations: { x: 'y' } } }, 'merge'), /403/);
      await assert.rejects(client.patch(`/api/v1/nodes/${w1}`, { metadata: { labels: { 'node-role.kubernetes.io/control-plane': '' } } }, 'merge'), /403/);
    } finally {
      client.close();
    }
  });

  test('a worker whose bootstrap certificate is signed by another CA fails to register, naming the file', async () => {
    const name = nodeName('10.0.0.60');
    const root = cluster.workerRoot(name);
    foreignBootstrapCredential(root);
    const agent = new NodeAgent({ nodeName: name, role: 'worker', instance: instance('10.0.0.60', 60), root, apiServer: cluster.controlPlane.apiServer, stateDir: join(cluster.dir, 'nodes', name, 'kubelet'), log });
    agents.set(name, agent);
    await assert.rejects(agent.start(), (err: unknown) => {
      assert.ok(err instanceof NodeCredentialRejectedError, String(err));
      assert.equal(err.status, 401);
      assert.equal(err.credentialFile, '/etc/kubernetes/pki/worker.pem');
      return true;
    });
    assert.equal(agent.state, 'failed');
    assert.match(agent.lastError ?? '', /\/etc\/kubernetes\/pki\/worker\.pem/);
    const r = await cluster.kubectl(['get', 'node', name]);
    assert.notEqual(r.code, 0, 'no Node registered');
  });

  test('a paused agent makes its node Unknown; resumed, it is Ready again', async () => {
    const name = WORKERS[1] as string;
    const agent = agents.get(name);
    assert.ok(agent);
    const node = async (): Promise<NodeJson> => kubectlJson<NodeJson>(['get', 'node', name]);
    const pausedAt = Date.now();
    agent.pause();
    assert.equal(agent.state, 'paused');
    await waitFor(`${name} not Ready`, 120_000, async () => ((ready(await node()) ?? 'True') !== 'True' ? true : undefined));
    process.stderr.write(`# machines: paused node not Ready after ${(Date.now() - pausedAt) / 1000}s\n`);
    const down = await node();
    assert.equal(ready(down), 'Unknown', 'the node controller marks a silent node Unknown');
    assert.ok(down.spec.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable'));
    const resumedAt = Date.now();
    agent.resume();
    assert.equal(agent.state, 'running');
    await waitFor(`${name} Ready again`, 60_000, async () => {
      const n = await node();
      return ready(n) === 'True' && !n.spec.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable') ? true : undefined;
    });
    process.stderr.write(`# machines: resumed node Ready after ${(Date.now() - resumedAt) / 1000}s\n`);
  });
});
