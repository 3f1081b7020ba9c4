import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';
import { parse, parseAllDocuments } from 'yaml';

import { buildNodeIgnition } from '../../src/userdata/index.js';
import { fileText } from './helpers.js';

interface PodLike {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly hostNetwork: boolean;
    readonly containers: readonly {
      readonly image: string;
      readonly command: readonly string[];
      readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
    }[];
    readonly volumes: readonly { readonly name: string; readonly hostPath: { readonly path: string; readonly type?: string } }[];
  };
}

const config = seedClusterConfig();
const ign = buildNodeIgnition(config, 'controller');
const pod = (name: string): PodLike => parse(fileText(ign, `/etc/kubernetes/manifests/${name}.yaml`)) as PodLike;
const flags = (name: string): readonly string[] => pod(name).spec.containers[0]?.command ?? [];

describe('controller static pods', () => {
  it('kube-apiserver has the required v1.36 flags', () => {
    const p = pod('kube-apiserver');
    assert.equal(p.kind, 'Pod');
    assert.equal(p.spec.hostNetwork, true);
    assert.equal(p.spec.containers[0]?.image, 'registry.k8s.io/kube-apiserver:v1.36.3');
    const f = flags('kube-apiserver');
    for (const expected of [
      '--secure-port=443',
      '--advertise-address=10.0.0.50',
      '--etcd-servers=https://127.0.0.1:2379',
      '--etcd-cafile=/etc/kubernetes/pki/etcd-ca.pem',
      '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.pem',
      '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client-key.pem',
      '--client-ca-file=/etc/kubernetes/pki/ca.pem',
      '--tls-cert-file=/etc/kubernetes/pki/apiserver.pem',
      '--tls-private-key-file=/etc/kubernetes/pki/apiserver-key.pem',
      '--service-account-issuer=https://kube.isaack.io',
      '--service-account-key-file=/etc/kubernetes/pki/service-account.pub',
      '--service-account-signing-key-file=/etc/kubernetes/pki/service-account-key.pem',
      '--service-cluster-ip-range=10.3.0.0/24',
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.pem',
      '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client-key.pem',
      '--allow-privileged=true',
    ]) {
      assert.ok(f.includes(expected), `missing ${expected}`);
    }
    // Removed or deliberately absent in this design.
    for (const prefix of ['--cloud-provider', '--insecure-port', '--enable-bootstrap-token-auth', '--runtime-config']) {
      assert.ok(!f.some((x) => x.startsWith(prefix)), `unexpected ${prefix}`);
    }
  });

  it('kube-apiserver audits to a size-rotated log, mounting the policy read-only and the log directory read-write', () => {
    const f = flags('kube-apiserver');
    for (const expected of [
      '--audit-policy-file=/etc/kubernetes/audit/policy.yaml',
      '--audit-log-path=/var/log/kubernetes/audit/audit.log',
      '--audit-log-maxsize=100',
      '--audit-log-maxbackup=5',
      '--audit-log-maxage=30',
    ]) {
      assert.ok(f.includes(expected), `missing ${expected}`);
    }
    const p = pod('kube-apiserver');
    const mount = (path: string) => p.spec.containers[0]?.volumeMounts.find((m) => m.mountPath === path);
    const volume = (name: string | undefined) => p.spec.volumes.find((v) => v.name === name);
    assert.deepEqual(volume(mount('/etc/kubernetes/audit/policy.yaml')?.name)?.hostPath, { path: '/etc/kubernetes/audit/policy.yaml', type: 'File' });
    assert.equal(mount('/etc/kubernetes/audit/policy.yaml')?.readOnly, true);
    const log = mount('/var/log/kubernetes/audit');
    assert.ok(log && log.readOnly !== true, 'the audit log directory is mounted read-write');
    assert.deepEqual(volume(log.name)?.hostPath, { path: '/var/log/kubernetes/audit', type: 'DirectoryOrCreate' });
  });

  it('kube-apiserver runs the aggregation layer with the front-proxy CA and client', () => {
    const f = flags('kube-apiserver');
    for (const expected of [
      '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.pem',
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.pem',
      '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client-key.pem',
    ]) {
      assert.ok(f.includes(expected), `missing ${expected}`);
    }
    // Off on purpose: kube-proxy runs on the controller, so Service IPs route from the API server.
    assert.ok(!f.some((x) => x.startsWith('--enable-aggregator-routing')));
  });

  it('kube-apiserver encrypts Secrets at rest with the configuration in its read-only pki mount', () => {
    assert.ok(flags('kube-apiserver').includes('--encryption-provider-config=/etc/kubernetes/pki/encryption-config.yaml'));
    const mounts = pod('kube-apiserver').spec.containers[0]?.volumeMounts ?? [];
    assert.equal(mounts.find((m) => m.mountPath === '/etc/kubernetes/pki')?.readOnly, true);
  });

  it('kube-controller-manager authenticates its own endpoint with the client and front-proxy CAs from files, as kubeadm', () => {
    const f = flags('kube-controller-manager');
    for (const expected of [
      '--client-ca-file=/etc/kubernetes/pki/ca.pem',
      '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.pem',
      '--requestheader-allowed-names=front-proxy-client',
    ]) {
      assert.ok(f.includes(expected), `missing ${expected}`);
    }
  });

  it('etcd serves TLS on the controller IP and loopback and requires client certs', () => {
    const f = flags('etcd');
    assert.equal(pod('etcd').spec.containers[0]?.image, 'registry.k8s.io/etcd:3.6.8-0');
    assert.ok(f.includes('--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.50:2379'));
    assert.ok(f.includes('--client-cert-auth=true'));
    assert.ok(f.includes('--peer-client-cert-auth=true'));
    assert.ok(f.includes('--cert-file=/etc/kubernetes/pki/etcd-server.pem'));
    assert.ok(f.includes('--peer-cert-file=/etc/kubernetes/pki/etcd-peer.pem'));
  });

  it('kube-controller-manager signs with the CA, allocates pod CIDRs for flannel, external cloud', () => {
    const f = flags('kube-controller-manager');
    for (const expected of [
      '--kubeconfig=/etc/kubernetes/controller-manager.conf',
      '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.pem',
      '--cluster-signing-key-file=/etc/kubernetes/pki/ca-key.pem',
      '--use-service-account-credentials=true',
      '--cluster-cidr=10.2.0.0/16',
      '--allocate-node-cidrs=true',
      '--cloud-provider=external',
    ]) {
      assert.ok(f.includes(expected), `missing ${expected}`);
    }
    assert.ok(flags('kube-scheduler').includes('--kubeconfig=/etc/kubernetes/scheduler.conf'));
  });

  it('the addons are valid-looking objects with the cluster values', () => {
    const docs = (file: string): Record<string, unknown>[] =>
      parseAllDocuments(fileText(ign, `/etc/kubernetes/addons/${file}`)).map((d) => d.toJS() as Record<string, unknown>);
    const dns = docs('40-coredns.yaml').find((d) => d['kind'] === 'Service') as { spec: { clusterIP: string } };
    assert.equal(dns.spec.clusterIP, '10.3.0.10');
    const proxyCm = docs('10-kube-proxy.yaml').find((d) => d['kind'] === 'ConfigMap') as { data: Record<string, string> };
    assert.match(proxyCm.data['config.conf'] ?? '', /clusterCIDR: 10\.2\.0\.0\/16/);
    assert.match(proxyCm.data['kubeconfig.conf'] ?? '', /server: https:\/\/10\.0\.0\.50:443/);
    const rbac = docs('00-node-bootstrap-rbac.yaml');
    const roleRefs = rbac.filter((d) => d['kind'] === 'ClusterRoleBinding').map((d) => (d['roleRef'] as { name: string }).name);
    for (const r of ['system:node-bootstrapper', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', 'system:kubelet-api-admin']) {
      assert.ok(roleRefs.includes(r), r);
    }
    const sc = docs('50-aws-ebs-csi-driver.yaml').find((d) => d['kind'] === 'StorageClass') as { metadata: { annotations: Record<string, string> }; parameters: Record<string, string> };
    assert.equal(sc.parameters['type'], 'gp3');
    assert.equal(sc.metadata.annotations['storageclass.kubernetes.io/is-default-class'], 'true');
    const ccm = docs('30-aws-cloud-controller-manager.yaml').find((d) => d['kind'] === 'DaemonSet');
    assert.match(JSON.stringify(ccm), /--cloud-provider=aws.*--configure-cloud-routes=false/);
  });
});
