// The node table's columns as kubectl prints them, and the reasons verify gives for what is not ready.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { humanDuration } from '../../src/kubernetes/human-duration.js';
import { nodeNotReadyReason, nodeRow } from '../../src/kubernetes/node-status.js';
import { podNotReadyReason } from '../../src/kubernetes/pod-reason.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');

function node(name: string, ready: 'True' | 'False' | 'Unknown' | undefined, extra: Partial<V1Node> = {}, labels: Record<string, string> = {}): V1Node {
  return {
    metadata: { name, labels, creationTimestamp: new Date(NOW - 5 * 60_000 - 10_000) },
    status: {
      nodeInfo: { kubeletVersion: 'v1.36.3' } as never,
      conditions: ready === undefined ? [] : [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'KubeletReady' : 'KubeletNotReady', message: ready === 'True' ? 'kubelet is posting ready status' : 'container runtime network not ready: NetworkReady=false' }],
    },
    ...extra,
  };
}

describe('humanDuration (kubectl AGE)', () => {
  it('matches kubectl at each boundary', () => {
    const s = 1000;
    assert.deepEqual(
      [45, 119, 120, 310, 600, 179 * 60, 3 * 3600 + 300, 8 * 3600, 50 * 3600, 9 * 86400, 800 * 86400].map((x) => humanDuration(x * s)),
      ['45s', '119s', '2m', '5m10s', '10m', '179m', '3h5m', '8h', '2d2h', '9d', '2y70d'],
    );
    assert.equal(humanDuration(-500), '0s');
    assert.equal(humanDuration(-5000), '<invalid>');
  });
});

describe('nodeRow', () => {
  it('prints a cordoned control-plane node as kubectl does', () => {
    const row = nodeRow(node('ip-10-0-0-50.us-west-1.compute.internal', 'True', { spec: { unschedulable: true } }, { 'node-role.kubernetes.io/control-plane': '' }), NOW);
    assert.deepEqual(row, { name: 'ip-10-0-0-50.us-west-1.compute.internal', status: 'Ready,SchedulingDisabled', roles: 'control-plane', age: '5m10s', version: 'v1.36.3', ready: true });
  });

  it('says NotReady, Unknown without a Ready condition, and <none> without a role', () => {
    assert.equal(nodeRow(node('a', 'False'), NOW).status, 'NotReady');
    assert.equal(nodeRow(node('a', 'Unknown'), NOW).status, 'NotReady');
    const fresh = nodeRow(node('a', undefined), NOW);
    assert.deepEqual([fresh.status, fresh.roles, fresh.ready], ['Unknown', '<none>', false]);
    assert.equal(nodeRow(node('a', 'True', {}, { 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/worker': '' }), NOW).roles, 'master,worker');
  });
});

describe('nodeNotReadyReason', () => {
  it('names an unregistered node, and a NotReady node with the kubelet reason and message', () => {
    assert.match(nodeNotReadyReason('ip-10-0-0-101', undefined) ?? '', /^node ip-10-0-0-101: not registered \(its kubelet has not joined/);
    const notReady = node('ip-10-0-0-101', 'False', { status: { conditions: [
      { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready' },
      { type: 'DiskPressure', status: 'True', reason: 'KubeletHasDiskPressure', message: 'ephemeral storage low' },
      { type: 'MemoryPressure', status: 'False' },
    ] } });
    assert.equal(
      nodeNotReadyReason('ip-10-0-0-101', notReady),
      'node ip-10-0-0-101: NotReady: Ready=False (KubeletNotReady: container runtime network not ready); DiskPressure=True (KubeletHasDiskPressure: ephemeral storage low)',
    );
    assert.equal(nodeNotReadyReason('x', node('x', 'True')), undefined);
  });
});

describe('podNotReadyReason', () => {
  const pod = (status: V1Pod['status'], nodeName?: string): V1Pod => ({ metadata: { name: 'coredns-7d-abc' }, spec: { containers: [], ...(nodeName ? { nodeName } : {}) }, status });

  it('gives the scheduler message of a Pending pod', () => {
    const reason = podNotReadyReason(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 node(s) had untolerated taint.' }] }));
    assert.equal(reason, 'pod coredns-7d-abc: Pending: Unschedulable: 0/3 nodes are available: 3 node(s) had untolerated taint.');
  });

  it('gives a waiting or terminated container reason, with the node', () => {
    const waiting = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }], containerStatuses: [{ name: 'coredns', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } }] }, 'ip-1');
    assert.equal(podNotReadyReason(waiting), 'pod coredns-7d-abc on ip-1: container coredns: ImagePullBackOff: Back-off pulling image');
    const crashed = pod({ phase: 'Running', containerStatuses: [{ name: 'coredns', image: 'x', imageID: '', ready: false, restartCount: 3, state: { terminated: { exitCode: 1, reason: 'Error' } } }] });
    assert.equal(podNotReadyReason(crashed), 'pod coredns-7d-abc: container coredns: Error (exit 1)');
  });

  it('is undefined for a Ready pod', () => {
    assert.equal(podNotReadyReason(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] })), undefined);
  });
});
