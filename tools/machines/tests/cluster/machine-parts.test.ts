/**
 * The machines' pure parts: the kubelet CSR, kubectl error parsing, pod IPs, instance capacity,
 * mirror pods and the Node a kubelet registers.
 */
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import forge from 'node-forge';

import { instanceCapacity } from '../../src/cluster/instance-capacity.js';
import { kubeMicroTime } from '../../src/cluster/kube-time.js';
import { mirrorPod, readStaticPodManifest } from '../../src/cluster/mirror-pods.js';
import { buildCsrPem, generateNodeKey } from '../../src/cluster/node-csr.js';
import { initialNode } from '../../src/cluster/node-object.js';
import { PodIpAllocator } from '../../src/cluster/pod-ips.js';
import { desiredPodStatus, statusIsCurrent } from '../../src/cluster/pod-status.js';
import type { PodObject } from '../../src/cluster/pod-status.js';

test('the kubelet CSR is a PKCS#10 request for O=system:nodes, CN=system:node:<name>, signed by the node key (ECDSA P-256)', () => {
  const key = generateNodeKey();
  assert.match(key, /BEGIN EC PRIVATE KEY/);
  const pem = buildCsrPem(key, 'system:node:ip-10-0-0-51.us-west-1.compute.internal', ['system:nodes']);
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  // The signature is itself DER: keep the BIT STRING as bytes (an option forge's typings omit).
  const fromDer = forge.asn1.fromDer as unknown as (b: forge.util.ByteStringBuffer, o: { decodeBitStrings: boolean }) => forge.asn1.Asn1;
  const csr = fromDer(forge.util.createBuffer(der.toString('binary')), { decodeBitStrings: false });
  const [info, alg, sig] = csr.value as forge.asn1.Asn1[];
  assert.ok(info && alg && sig);
  const infoDer = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
  const signature = Buffer.from((sig.value as string).slice(1), 'binary');
  assert.ok(verify('sha256', infoDer, createPublicKey(key), signature), 'signature verifies with the node key');
  const subject = (info.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1;
  const values = (subject.value as forge.asn1.Asn1[]).map((rdn) => {
    const [oid, value] = ((rdn.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1).value as forge.asn1.Asn1[];
    return `${forge.asn1.derToOid(forge.util.createBuffer(oid?.value as string))}=${value?.value as string}`;
  });
  assert.deepEqual(values, ['2.5.4.10=system:nodes', '2.5.4.3=system:node:ip-10-0-0-51.us-west-1.compute.internal']);
});

test('pod IPs come from the podCIDR, stay stable per pod, and are freed', () => {
  const ips = new PodIpAllocator('n1');
  assert.equal(ips.ipFor('a', undefined, '10.2.1.0/24'), '10.2.1.2');
  assert.equal(ips.ipFor('b', undefined, '10.2.1.0/24'), '10.2.1.3');
  assert.equal(ips.ipFor('a', undefined, '10.2.1.0/24'), '10.2.1.2');
  ips.retain(new Set(['b']));
  assert.equal(ips.ipFor('c', undefined, '10.2.1.0/24'), '10.2.1.2');
  assert.equal(ips.ipFor('d', '10.2.1.77', '10.2.1.0/24'), '10.2.1.77', 'keeps the IP a pod already reports');
  assert.match(new PodIpAllocator('n2').ipFor('x', undefined, undefined), /^100\.64\.\d+\.2$/);
});

test('instance capacity follows the type name', () => {
  assert.deepEqual(instanceCapacity('t3.medium'), { cpu: 2, memoryMiB: 4096, architecture: 'amd64' });
  assert.deepEqual(instanceCapacity('t4g.medium'), { cpu: 2, memoryMiB: 4096, architecture: 'arm64' });
  assert.deepEqual(instanceCapacity('m5.2xlarge'), { cpu: 8, memoryMiB: 32768, architecture: 'amd64' });
  assert.equal(instanceCapacity('g5.xlarge').architecture, 'amd64');
  assert.equal(instanceCapacity('c7gn.large').architecture, 'arm64');
});

test('lease renew times carry six fractional digits', () => {
  assert.equal(kubeMicroTime(new Date('2026-01-02T03:04:05.678Z')), '2026-01-02T03:04:05.678000Z');
});

test('the registered Node has only kubelet-owned labels, the uninitialized taint and the node IP', () => {
  const node = initialNode({
    nodeName: 'ip-10-0-0-50.us-west-1.compute.internal',
    instance: { instanceId: 'i-1', privateIp: '10.0.0.50', availabilityZone: 'us-west-1c', instanceType: 't3.medium', region: 'us-west-1' },
    kubeletVersion: 'v1.36.3',
    registerWithTaints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  });
  assert.deepEqual(Object.keys(node.metadata.labels ?? {}).sort(), ['beta.kubernetes.io/arch', 'beta.kubernetes.io/os', 'kubernetes.io/arch', 'kubernetes.io/hostname', 'kubernetes.io/os']);
  assert.deepEqual(node.spec?.taints?.map((t) => t.key), ['node-role.kubernetes.io/control-plane', 'node.cloudprovider.kubernetes.io/uninitialized']);
  assert.deepEqual(node.status?.addresses, [
    { type: 'InternalIP', address: '10.0.0.50' },
    { type: 'Hostname', address: 'ip-10-0-0-50.us-west-1.compute.internal' },
  ]);
});

test('mirror pods carry what NodeRestriction asks of them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirror-'));
  try {
    const file = join(dir, 'etcd.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n    - name: etcd\n      image: e\n');
    const m = readStaticPodManifest(file, 'n1');
    const pod = mirrorPod(m, 'n1', 'uid-1', '2026-01-01T00:00:00Z') as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
    assert.equal(pod.metadata.name, 'etcd-n1');
    assert.equal((pod.metadata.annotations as Record<string, string>)['kubernetes.io/config.mirror'], m.hash);
    assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'uid-1', controller: true }]);
    assert.equal(pod.spec.nodeName, 'n1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pod status: Running and Ready, or not Ready for a static pod whose process is down', () => {
  const pod: PodObject = { metadata: { name: 'p', uid: 'u' }, spec: { containers: [{ name: 'c', image: 'i:1' }], initContainers: [{ name: 'init', image: 'i:1' }] } };
  const up = desiredPodStatus(pod, { hostIP: '10.0.0.51', podIP: '10.2.1.2', running: true, now: '2026-01-01T00:00:00Z' });
  const reported: PodObject = { ...pod, status: up as PodObject['status'] };
  assert.ok(statusIsCurrent(reported, true, '10.2.1.2'));
  assert.ok(!statusIsCurrent(reported, false, '10.2.1.2'));
  assert.ok(!statusIsCurrent(pod, true, '10.2.1.2'));
  const down = desiredPodStatus(pod, { hostIP: '10.0.0.51', podIP: '10.0.0.51', running: false, now: '2026-01-01T00:00:00Z' }) as { containerStatuses: { ready: boolean; state: Record<string, unknown> }[] };
  assert.equal(down.containerStatuses[0]?.ready, false);
  assert.ok('waiting' in (down.containerStatuses[0]?.state ?? {}));
});
