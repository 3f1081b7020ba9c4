// What kube-system must run (read from the rendered controller userdata) and the snapshot verify
// builds from the cluster's objects: counts, the node table, and a reason for each thing not ready.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { V1DaemonSet, V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import { snapshotOf } from '../../src/kubernetes/cluster-snapshot.js';
import { expectedWorkloadsOf } from '../../src/kubernetes/expected-workloads.js';
import type { ExpectedWorkload } from '../../src/kubernetes/expected-workloads.js';
import { removeDir, renderedClusterDir } from '../helpers/cluster-dir.js';

const KMS = 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-0000-0000-000000000000';
const CONTROLLER = 'ip-10-0-0-50.us-west-1.compute.internal';
const WORKERS = ['ip-10-0-0-100.us-west-1.compute.internal', 'ip-10-0-0-101.us-west-1.compute.internal'];
const NOW = new Date('2026-11-26T12:00:00Z');

let dir: string;
let expected: ExpectedWorkload[];
before(async () => {
  dir = await renderedClusterDir({ kmsKeyArn: KMS });
  expected = expectedWorkloadsOf(JSON.parse(await readFile(join(dir, 'userdata', 'controller.ign'), 'utf8')));
});
after(() => removeDir(dir));

const readyNode = (name: string, controller = false): V1Node => ({
  metadata: { name, creationTimestamp: new Date(NOW.getTime() - 600_000), labels: controller ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
  spec: controller ? { unschedulable: true } : {},
  status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.36.3' } as never },
});
const readyPod = (name: string, labels: Record<string, string> = {}): V1Pod => ({ metadata: { name, labels }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
const deployment = (name: string, replicas: number, available: number): V1Deployment => ({ metadata: { name }, spec: { replicas, selector: { matchLabels: { app: name } }, template: {} }, status: { availableReplicas: available } });
const daemonSet = (name: string, desired: number, available: number): V1DaemonSet => ({ metadata: { name }, spec: { selector: { matchLabels: { app: name } }, template: {} }, status: { desiredNumberScheduled: desired, numberAvailable: available, currentNumberScheduled: desired, numberMisscheduled: 0, numberReady: available } });

/** Everything the userdata deploys, running: what a finished cluster looks like. */
function healthyCluster() {
  return {
    nodes: [readyNode(CONTROLLER, true), ...WORKERS.map((w) => readyNode(w))],
    deployments: expected.filter((e) => e.kind === 'Deployment').map((e) => deployment(e.name, e.replicas ?? 1, e.replicas ?? 1)),
    daemonSets: expected.filter((e) => e.kind === 'DaemonSet').map((e) => daemonSet(e.name, 3, 3)),
    pods: expected.filter((e) => e.kind === 'StaticPod').map((e) => readyPod(`${e.name}-${CONTROLLER}`)),
  };
}

describe('expectedWorkloadsOf (the rendered controller userdata)', () => {
  it('lists the four static pods and every kube-system Deployment and DaemonSet of the addons', () => {
    const byKind = (kind: string) => expected.filter((e) => e.kind === kind).map((e) => e.name);
    assert.deepEqual(byKind('StaticPod'), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
    assert.ok(byKind('Deployment').includes('coredns'), byKind('Deployment').join());
    assert.ok(byKind('DaemonSet').includes('kube-proxy'), byKind('DaemonSet').join());
    assert.equal(expected.find((e) => e.name === 'coredns')?.replicas, 2);
    assert.match(expected.find((e) => e.name === 'coredns')?.source ?? '', /^\/etc\/kubernetes\/addons\/.*coredns\.yaml$/);
  });
});

describe('snapshotOf', () => {
  const want = () => ({ nodes: [CONTROLLER, ...WORKERS], controllerNode: CONTROLLER, workloads: expected });

  it('is ready when every expected node is Ready and every workload available', () => {
    const s = snapshotOf(healthyCluster(), want(), NOW);
    assert.equal(s.ready, true, s.notReady.join('\n'));
    assert.deepEqual([s.nodesReady, s.nodesExpected], [3, 3]);
    assert.equal(s.podsReady, s.podsTotal);
    assert.deepEqual(s.notReady, []);
    assert.deepEqual(s.nodes.map((n) => `${n.name} ${n.status} ${n.roles} ${n.age} ${n.version}`), [
      `${WORKERS[0]} Ready <none> 10m v1.36.3`,
      `${WORKERS[1]} Ready <none> 10m v1.36.3`,
      `${CONTROLLER} Ready,SchedulingDisabled control-plane 10m v1.36.3`,
    ]);
  });

  it('an empty cluster: 0/3 nodes, every workload missing, each with its reason', () => {
    const s = snapshotOf({ nodes: [], deployments: [], daemonSets: [], pods: [] }, want(), NOW);
    assert.equal(s.ready, false);
    assert.deepEqual([s.nodesReady, s.nodesExpected, s.podsReady], [0, 3, 0]);
    assert.equal(s.podsTotal, expected.reduce((n, e) => n + (e.replicas ?? 1), 0));
    assert.equal(s.notReady.filter((l) => /^node .*: not registered \(/.test(l)).length, 3);
    assert.ok(s.notReady.includes(`StaticPod kube-apiserver-${CONTROLLER}: 0/1 ready — no mirror pod yet (the kubelet on ${CONTROLLER} has not started /etc/kubernetes/manifests/kube-apiserver.yaml, or not registered it)`), s.notReady.join('\n'));
    assert.ok(s.notReady.some((l) => /^Deployment coredns: 0\/2 ready — not created yet \(kube-aws-addons\.service on the controller applies \/etc\/kubernetes\/addons\/.*coredns\.yaml\)$/.test(l)), s.notReady.join('\n'));
  });

  it('a stopped node and a Pending pod: the kubelet condition and the scheduler message', () => {
    const cluster = healthyCluster();
    const stopped: V1Node = { ...readyNode(WORKERS[1] as string), status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }] } };
    cluster.nodes = [cluster.nodes[0] as V1Node, cluster.nodes[1] as V1Node, stopped];
    cluster.deployments = cluster.deployments.map((d) => (d.metadata?.name === 'coredns' ? deployment('coredns', 2, 1) : d));
    cluster.pods.push(readyPod('coredns-1', { app: 'coredns' }), {
      metadata: { name: 'coredns-2', labels: { app: 'coredns' } },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.' }] },
    });
    const s = snapshotOf(cluster, want(), NOW);
    assert.equal(s.ready, false);
    assert.equal(s.nodesReady, 2);
    assert.equal(s.podsReady, s.podsTotal - 1);
    assert.deepEqual(s.notReady, [
      `node ${WORKERS[1]}: NotReady: Ready=Unknown (NodeStatusUnknown: Kubelet stopped posting node status.)`,
      'Deployment coredns: 1/2 ready — pod coredns-2: Pending: Unschedulable: 0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.',
    ]);
  });

  it('a DaemonSet with no node to run on is not ready; an unexpected Deployment is watched too', () => {
    const cluster = healthyCluster();
    cluster.daemonSets = cluster.daemonSets.map((d) => (d.metadata?.name === 'kube-proxy' ? daemonSet('kube-proxy', 0, 0) : d));
    cluster.deployments.push(deployment('metrics-server', 1, 0));
    const s = snapshotOf(cluster, want(), NOW);
    assert.deepEqual(
      s.notReady.map((l) => l.split(' — ')[0]),
      ['DaemonSet kube-proxy: 0/1 ready', 'Deployment metrics-server: 0/1 ready'],
    );
    assert.match(s.notReady[0] ?? '', /desiredNumberScheduled is 0/);
    assert.match(s.notReady[1] ?? '', /no pods yet/);
  });
});
