/** The credential plan and the role → files table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';

import { CREDENTIAL_FILES_FOR_ROLE, credentialFilesForRole, planCredentials, type LeafSpec } from '../src/index.js';

const plan = planCredentials(seedClusterConfig());
const leaf = (name: string): LeafSpec => {
  const spec = plan.find((s) => s.name === name);
  assert.ok(spec?.kind === 'leaf', name);
  return spec;
};

describe('planCredentials', () => {
  it('lists the CAs first, then the leaves, the service-account key pair and the secrets-encryption key', () => {
    assert.deepEqual(plan.map((s) => `${s.kind}:${s.name}`), [
      'ca:ca',
      'ca:etcd-ca',
      'ca:front-proxy-ca',
      'leaf:apiserver',
      'leaf:apiserver-kubelet-client',
      'leaf:apiserver-etcd-client',
      'leaf:etcd-server',
      'leaf:etcd-peer',
      'leaf:controller-manager',
      'leaf:scheduler',
      'leaf:front-proxy-client',
      'leaf:admin',
      'leaf:worker',
      'keypair:service-account',
      'secret-key:secrets-encryption',
    ]);
  });

  it('takes SANs and durations from the config', () => {
    const config = seedClusterConfig({ externalDNSName: 'k.example.org', controllerIP: '10.0.1.9', tlsCertDurationDays: 30, tlsCADurationDays: 900 });
    const p = planCredentials(config);
    const api = p.find((s) => s.name === 'apiserver');
    assert.ok(api?.kind === 'leaf');
    assert.deepEqual(api.sans, {
      dns: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'k.example.org'],
      ips: ['10.3.0.1', '10.0.1.9', '127.0.0.1'],
    });
    assert.equal(api.durationDays, 30);
    assert.equal(p.find((s) => s.name === 'ca' && s.kind === 'ca' && s.durationDays === 900)?.name, 'ca');
  });

  it('signs etcd certificates with the etcd CA, the front-proxy client with its own CA, everything else with the cluster CA', () => {
    for (const name of ['apiserver-etcd-client', 'etcd-server', 'etcd-peer']) assert.equal(leaf(name).issuer, 'etcd-ca');
    assert.equal(leaf('front-proxy-client').issuer, 'front-proxy-ca');
    for (const name of ['apiserver', 'apiserver-kubelet-client', 'controller-manager', 'scheduler', 'admin', 'worker']) {
      assert.equal(leaf(name).issuer, 'ca');
    }
  });

  it('gives the Kubernetes identities the authenticator expects', () => {
    assert.deepEqual(leaf('admin').subject, { commonName: 'kube-admin', organization: 'system:masters' });
    assert.deepEqual(leaf('worker').subject, { commonName: 'system:bootstrap:kube-aws-worker', organization: 'system:bootstrappers' });
    assert.equal(leaf('controller-manager').subject.commonName, 'system:kube-controller-manager');
    assert.equal(leaf('scheduler').subject.commonName, 'system:kube-scheduler');
    assert.deepEqual(leaf('etcd-peer').extKeyUsage, ['serverAuth', 'clientAuth']);
    assert.deepEqual(leaf('worker').extKeyUsage, ['clientAuth']);
    // kube-apiserver's --requestheader-allowed-names names exactly this CN.
    assert.deepEqual(leaf('front-proxy-client').subject, { commonName: 'front-proxy-client' });
    assert.deepEqual(leaf('front-proxy-client').extKeyUsage, ['clientAuth']);
  });

  it('plans a 32-byte secrets-encryption key, shipped to the controller only', () => {
    const key = plan.find((s) => s.name === 'secrets-encryption');
    assert.ok(key?.kind === 'secret-key');
    assert.equal(key.bytes, 32);
    assert.deepEqual(key.files, [{ file: 'secrets-encryption-key.b64', content: 'secret-key', roles: ['controller'] }]);
  });

  it('is pure: the same config gives the same plan', () => {
    assert.deepEqual(planCredentials(seedClusterConfig()), plan);
  });
});

describe('CREDENTIAL_FILES_FOR_ROLE', () => {
  it('ships the control plane to the controller, and only ca + bootstrap to workers', () => {
    assert.deepEqual([...CREDENTIAL_FILES_FOR_ROLE.controller].sort(), [
      'apiserver-etcd-client-key.pem',
      'apiserver-etcd-client.pem',
      'apiserver-key.pem',
      'apiserver-kubelet-client-key.pem',
      'apiserver-kubelet-client.pem',
      'apiserver.pem',
      'ca-key.pem',
      'ca.pem',
      'controller-manager-key.pem',
      'controller-manager.pem',
      'etcd-ca.pem',
      'etcd-peer-key.pem',
      'etcd-peer.pem',
      'etcd-server-key.pem',
      'etcd-server.pem',
      'front-proxy-ca.pem',
      'front-proxy-client-key.pem',
      'front-proxy-client.pem',
      'scheduler-key.pem',
      'scheduler.pem',
      'secrets-encryption-key.b64',
      'service-account-key.pem',
      'service-account.pub',
      'worker-key.pem',
      'worker.pem',
    ]);
    assert.deepEqual(credentialFilesForRole('worker'), ['ca.pem', 'worker.pem', 'worker-key.pem']);
  });

  it('never ships the etcd or front-proxy CA key or the admin credential', () => {
    const shipped = [...CREDENTIAL_FILES_FOR_ROLE.controller, ...CREDENTIAL_FILES_FOR_ROLE.worker];
    for (const file of ['etcd-ca-key.pem', 'front-proxy-ca-key.pem', 'admin.pem', 'admin-key.pem']) assert.ok(!shipped.includes(file), file);
    assert.ok(Object.isFrozen(CREDENTIAL_FILES_FOR_ROLE));
  });
});
