/**
 * The controller's rendered static pods as loopback command lines: on-node paths under the node
 * root, the VM's addresses and ports swapped, every other flag exactly as rendered.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { controllerStaticPods } from '@kube-aws/render';
import { loopbackCommand, readStaticPods } from '../../src/cluster/static-pod-flags.js';
import type { ControlPlanePorts, StaticPod } from '../../src/cluster/static-pod-flags.js';

const PORTS: ControlPlanePorts = { etcdClient: 12379, etcdPeer: 12380, etcdMetrics: 12381, apiServer: 16443, controllerManager: 20257, scheduler: 20259 };

describe('static pods on loopback', () => {
  let root: string;
  let pods: Map<string, StaticPod>;
  const flag = (args: readonly string[], name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'static-pods-'));
    mkdirSync(join(root, 'etc/kubernetes/manifests'), { recursive: true });
    for (const [file, yaml] of controllerStaticPods(seedClusterConfig())) writeFileSync(join(root, 'etc/kubernetes/manifests', file), yaml);
    pods = new Map(readStaticPods(root, 'i-test').map((p) => [p.name, p]));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('reads the four control-plane pods with their commands', () => {
    assert.deepEqual([...pods.keys()].sort(), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
    assert.equal(pods.get('kube-apiserver')?.command[0], 'kube-apiserver');
  });

  test('kube-apiserver: loopback address and port, no endpoint reconciler, rendered flags kept', () => {
    const pod = pods.get('kube-apiserver') as StaticPod;
    const args = loopbackCommand(pod, root, PORTS, new Map());
    assert.equal(flag(args, 'bind-address'), '127.0.0.1');
    assert.equal(flag(args, 'secure-port'), '16443');
    assert.equal(flag(args, 'advertise-address'), '127.0.0.1');
    assert.equal(flag(args, 'endpoint-reconciler-type'), 'none');
    assert.equal(flag(args, 'etcd-servers'), 'https://127.0.0.1:12379');
    assert.equal(flag(args, 'client-ca-file'), join(root, 'etc/kubernetes/pki/ca.pem'));
    assert.equal(flag(args, 'service-account-issuer'), 'https://kube.isaack.io');
    assert.equal(flag(args, 'authorization-mode'), 'Node,RBAC');
    assert.equal(flag(args, 'enable-admission-plugins'), 'NodeRestriction');
    // Nothing the manifest said is lost: every rendered flag name is still there.
    const rendered = pod.command.slice(1).map((a) => a.split('=')[0]);
    for (const name of rendered) assert.ok(args.some((a) => a.split('=')[0] === name), `${name} kept`);
  });

  test('etcd: client, peer and metrics URLs on loopback ports; its data under the root', () => {
    const args = loopbackCommand(pods.get('etcd') as StaticPod, root, PORTS, new Map());
    assert.equal(flag(args, 'listen-client-urls'), 'https://127.0.0.1:12379');
    assert.equal(flag(args, 'initial-cluster'), 'controller=https://127.0.0.1:12380');
    assert.equal(flag(args, 'listen-metrics-urls'), 'http://127.0.0.1:12381');
    assert.equal(flag(args, 'data-dir'), join(root, 'var/lib/etcd'));
    assert.equal(flag(args, 'client-cert-auth'), 'true');
  });

  test('controller manager and scheduler use the sandbox copies of their kubeconfigs and free ports', () => {
    const copies = new Map([
      ['/etc/kubernetes/controller-manager.conf', '/sandbox/cm.conf'],
      ['/etc/kubernetes/scheduler.conf', '/sandbox/s.conf'],
    ]);
    const cm = loopbackCommand(pods.get('kube-controller-manager') as StaticPod, root, PORTS, copies);
    assert.equal(flag(cm, 'kubeconfig'), '/sandbox/cm.conf');
    assert.equal(flag(cm, 'authentication-kubeconfig'), '/sandbox/cm.conf');
    assert.equal(flag(cm, 'secure-port'), '20257');
    assert.equal(flag(cm, 'cluster-signing-key-file'), join(root, 'etc/kubernetes/pki/ca-key.pem'));
    const s = loopbackCommand(pods.get('kube-scheduler') as StaticPod, root, PORTS, copies);
    assert.equal(flag(s, 'kubeconfig'), '/sandbox/s.conf');
    assert.equal(flag(s, 'secure-port'), '20259');
  });

  test('a kubeconfig without a sandbox copy, or an unknown static pod, is refused', () => {
    assert.throws(() => loopbackCommand(pods.get('kube-scheduler') as StaticPod, root, PORTS, new Map()), /no sandbox copy/);
    assert.throws(() => loopbackCommand({ name: 'my-pod', manifestFile: '/etc/kubernetes/manifests/x.yaml', command: ['x'] }, root, PORTS, new Map()), /does not know/);
  });
});
