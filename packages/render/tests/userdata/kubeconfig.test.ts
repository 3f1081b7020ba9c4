import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';
import { parse } from 'yaml';

import { buildAdminKubeconfig } from '../../src/kubeconfig/index.js';
import { buildNodeIgnition } from '../../src/userdata/index.js';
import { fileText } from './helpers.js';

const config = seedClusterConfig();

describe('kubeconfigs', () => {
  it('admin kubeconfig uses kube-aws names and relative credential paths', () => {
    const yaml = buildAdminKubeconfig(config);
    assert.equal(yaml, buildAdminKubeconfig(config));
    assert.deepEqual(parse(yaml), {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kube-aws-kube-cluster-cluster', cluster: { server: 'https://kube.isaack.io', 'certificate-authority': 'credentials/ca.pem' } }],
      users: [{ name: 'kube-aws-kube-cluster-admin', user: { 'client-certificate': 'credentials/admin.pem', 'client-key': 'credentials/admin-key.pem' } }],
      contexts: [{ name: 'kube-aws-kube-cluster-context', context: { cluster: 'kube-aws-kube-cluster-cluster', user: 'kube-aws-kube-cluster-admin' } }],
      'current-context': 'kube-aws-kube-cluster-context',
    });
    assert.match(buildAdminKubeconfig(config, { credentialsDir: 'creds/' }), /certificate-authority: creds\/ca\.pem/);
  });

  it('node kubeconfigs point at the local API server on the controller and the controller IP on workers', () => {
    const controller = buildNodeIgnition(config, 'controller');
    const worker = buildNodeIgnition(config, 'worker');
    const server = (ign: typeof controller, path: string): unknown => (parse(fileText(ign, path)) as { clusters: { cluster: { server: string } }[] }).clusters[0]?.cluster.server;
    assert.equal(server(controller, '/etc/kubernetes/bootstrap-kubelet.conf'), 'https://127.0.0.1:443');
    assert.equal(server(controller, '/etc/kubernetes/controller-manager.conf'), 'https://127.0.0.1:443');
    assert.equal(server(controller, '/etc/kubernetes/scheduler.conf'), 'https://127.0.0.1:443');
    assert.equal(server(worker, '/etc/kubernetes/bootstrap-kubelet.conf'), 'https://10.0.0.50:443');
    const bootstrap = parse(fileText(worker, '/etc/kubernetes/bootstrap-kubelet.conf')) as { users: { user: Record<string, string> }[] };
    assert.deepEqual(bootstrap.users[0]?.user, { 'client-certificate': '/etc/kubernetes/pki/worker.pem', 'client-key': '/etc/kubernetes/pki/worker-key.pem' });
  });
});
