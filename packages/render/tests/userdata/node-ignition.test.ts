import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';
import { parse } from 'yaml';

import { NodeAssetsMismatchError } from '../../src/errors.js';
import {
  EC2_USER_DATA_LIMIT_BYTES,
  OFFLINE_CIPHERTEXT_MAGIC,
  OfflineEncryptor,
  buildIgnitionStub,
  buildNodeIgnition,
  finalizeNodeIgnition,
  ignitionSha512,
  ignitionStubSize,
  nodeAssetNames,
  serializeIgnition,
  validateEmbeddedManifests,
  validateIgnitionConfig,
} from '../../src/userdata/index.js';
import { DeterministicTestEncryptor } from '../../src/userdata/testing.js';
import { decodedFiles, fakePem, fileText } from './helpers.js';

const configs = { seed: seedClusterConfig(), calico: seedClusterConfig({ useCalico: true }) };
const roles = ['controller', 'worker'] as const;

function assets(role: 'controller' | 'worker'): Map<string, Uint8Array> {
  return new Map(nodeAssetNames(role).map((n) => [n, fakePem(n)]));
}

function problemsOf(json: string, file: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return [...validateIgnitionConfig(parsed, file), ...validateEmbeddedManifests(parsed, file)].map((p) => `${p.file}: ${p.location}: ${p.message}`);
}

describe('node Ignition configs', () => {
  for (const [label, config] of Object.entries(configs)) {
    for (const role of roles) {
      it(`${label} ${role}: source and finalized configs validate, finalized holds no PEM`, async () => {
        const source = buildNodeIgnition(config, role);
        assert.deepEqual(problemsOf(serializeIgnition(source), `userdata/${role}.ign`), []);

        const finalized = await finalizeNodeIgnition(source, role, assets(role), new DeterministicTestEncryptor());
        const json = serializeIgnition(finalized);
        assert.deepEqual(problemsOf(json, `userdata/${role}.ign`), []);
        assert.ok(!json.includes('-----BEGIN'));
        for (const [path, bytes] of decodedFiles(finalized)) {
          assert.ok(!bytes.includes('-----BEGIN'), `${path} contains PEM text`);
          assert.ok(!bytes.toString('latin1').includes('-----BEGIN'), `${path} contains PEM text`);
        }
        const enc = (finalized.storage?.files ?? []).filter((f) => f.path.endsWith('.enc')).map((f) => f.path);
        assert.deepEqual(enc, nodeAssetNames(role).map((n) => `/etc/kubernetes/pki/${n}.enc`));
        assert.ok(finalized.systemd?.units?.some((u) => u.name === 'kube-aws-decrypt-assets.service' && u.enabled === true));
      });
    }
  }

  it('the test encryptor round-trips and binds ciphertext to the asset name', async () => {
    const enc = new DeterministicTestEncryptor();
    const pem = fakePem('ca-key.pem');
    const ct = await enc.encrypt(pem, { asset: 'ca-key.pem' });
    assert.deepEqual(Buffer.from(enc.decrypt(ct, { asset: 'ca-key.pem' })), Buffer.from(pem));
    assert.notDeepEqual(Buffer.from(enc.decrypt(ct, { asset: 'apiserver-key.pem' })), Buffer.from(pem));
  });

  it('the offline encryptor has KMS-like size and is a marked placeholder', async () => {
    const pem = fakePem('apiserver-key.pem');
    const ct = Buffer.from(await new OfflineEncryptor(configs.seed.kmsKeyArn).encrypt(pem, { asset: 'apiserver-key.pem' }));
    assert.equal(ct.length, pem.length + 150);
    assert.ok(ct.toString('latin1').startsWith(OFFLINE_CIPHERTEXT_MAGIC));
    assert.ok(!ct.includes('-----BEGIN'));
  });

  it('refuses assets a node must not receive, naming only files', async () => {
    const extra = assets('worker');
    extra.set('admin-key.pem', fakePem('admin-key.pem'));
    extra.delete('ca.pem');
    await assert.rejects(finalizeNodeIgnition(buildNodeIgnition(configs.seed, 'worker'), 'worker', extra, new DeterministicTestEncryptor()), (err: unknown) => {
      assert.ok(err instanceof NodeAssetsMismatchError);
      assert.deepEqual(err.missing, ['ca.pem']);
      assert.deepEqual(err.unexpected, ['admin-key.pem']);
      assert.ok(!err.message.includes('BEGIN'));
      return true;
    });
  });

  it('renders byte-identical output twice', async () => {
    for (const role of roles) {
      assert.equal(serializeIgnition(buildNodeIgnition(configs.seed, role)), serializeIgnition(buildNodeIgnition(configs.seed, role)));
      const fin = async (): Promise<string> =>
        serializeIgnition(await finalizeNodeIgnition(buildNodeIgnition(configs.seed, role), role, assets(role), new DeterministicTestEncryptor()));
      assert.equal(await fin(), await fin());
    }
  });

  it('the stub is far under the 16 KB EC2 user-data limit', () => {
    const json = serializeIgnition(buildNodeIgnition(configs.seed, 'controller'));
    const stub = buildIgnitionStub({ source: 's3://${AssetsBucket}/kube-cluster/userdata/controller.ign', sha512: ignitionSha512(json) });
    assert.equal(stub.ignition.config?.replace?.verification?.hash, `sha512-${ignitionSha512(json)}`);
    assert.ok(ignitionStubSize(stub) < 1024, `stub is ${ignitionStubSize(stub)} bytes`);
    assert.ok(ignitionStubSize(stub) < EC2_USER_DATA_LIMIT_BYTES / 16);
  });

  it('configures the kubelet per role', () => {
    const controller = parse(fileText(buildNodeIgnition(configs.seed, 'controller'), '/etc/kubernetes/kubelet.yaml')) as Record<string, unknown>;
    const worker = parse(fileText(buildNodeIgnition(configs.seed, 'worker'), '/etc/kubernetes/kubelet.yaml')) as Record<string, unknown>;
    for (const k of [controller, worker]) {
      assert.deepEqual(k['clusterDNS'], ['10.3.0.10']);
      assert.equal(k['clusterDomain'], 'cluster.local');
      assert.equal(k['cgroupDriver'], 'systemd');
      assert.equal(k['rotateCertificates'], true);
      assert.equal(k['serverTLSBootstrap'], true);
      assert.deepEqual(k['authorization'], { mode: 'Webhook' });
    }
    assert.equal(controller['staticPodPath'], '/etc/kubernetes/manifests');
    assert.deepEqual(controller['registerWithTaints'], [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    assert.equal(worker['staticPodPath'], undefined);
    assert.equal(worker['registerWithTaints'], undefined);

    const dropin = buildNodeIgnition(configs.seed, 'worker').systemd?.units?.find((u) => u.name === 'kubelet.service')?.dropins?.[0]?.contents ?? '';
    for (const flag of ['--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf', '--kubeconfig=/var/lib/kubelet/kubeconfig', '--cloud-provider=external', '--hostname-override=${KUBELET_NODE_NAME}']) {
      assert.ok(dropin.includes(flag), flag);
    }
    const nodeEnv = fileText(buildNodeIgnition(configs.seed, 'worker'), '/opt/kube-aws/bin/kube-aws-node-env');
    assert.match(nodeEnv, /X-aws-ec2-metadata-token/);
    assert.match(nodeEnv, /us-east-1 \]; then domain=ec2\.internal; else domain="\$region\.compute\.internal"/);
  });

  it('installs Kubernetes from the arch-specific Flatcar sysext', () => {
    const arm = buildNodeIgnition(seedClusterConfig({ architecture: 'arm64' }), 'worker');
    const sysext = arm.storage?.files?.find((f) => f.path.startsWith('/opt/extensions/kubernetes/'));
    assert.equal(sysext?.contents?.source, 'https://extensions.flatcar.org/extensions/kubernetes-v1.36.3-arm64.raw');
    // No digest is known at render unless cluster.yaml pins one: HTTPS alone, as the README says.
    assert.equal(sysext.contents.verification, undefined);
    assert.deepEqual(arm.storage?.links?.[0], { path: '/etc/extensions/kubernetes.raw', target: '/opt/extensions/kubernetes/kubernetes-v1.36.3-arm64.raw', hard: false, overwrite: true });
  });

  it('a kubernetesSysextSha256 in cluster.yaml becomes Ignition\'s verification.hash of the sysext download, on every node', () => {
    const digest = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    for (const role of roles) {
      const ign = buildNodeIgnition(seedClusterConfig({ kubernetesSysextSha256: digest }), role);
      const sysext = ign.storage?.files?.find((f) => f.path === '/opt/extensions/kubernetes/kubernetes-v1.36.3-x86-64.raw');
      assert.deepEqual(sysext?.contents, { source: 'https://extensions.flatcar.org/extensions/kubernetes-v1.36.3-x86-64.raw', verification: { hash: `sha256-${digest}` } });
      assert.deepEqual(problemsOf(serializeIgnition(ign), `userdata/${role}.ign`), []);
    }
  });

  it('ships addons only to the controller, with flannel or Calico', () => {
    const paths = (c: typeof configs.seed, role: 'controller' | 'worker'): string[] => (buildNodeIgnition(c, role).storage?.files ?? []).map((f) => f.path);
    assert.ok(paths(configs.seed, 'controller').includes('/etc/kubernetes/addons/20-flannel.yaml'));
    assert.ok(paths(configs.calico, 'controller').includes('/etc/kubernetes/addons/20-calico.yaml'));
    assert.ok(paths(configs.calico, 'controller').includes('/etc/kubernetes/addons-upstream/tigera-operator.yaml'));
    assert.ok(!paths(configs.seed, 'worker').some((p) => p.startsWith('/etc/kubernetes/addons') || p.startsWith('/etc/kubernetes/manifests')));
    const flannel = fileText(buildNodeIgnition(configs.seed, 'controller'), '/etc/kubernetes/addons/20-flannel.yaml');
    assert.match(flannel, /"Network": "10\.2\.0\.0\/16"/);
  });
});
