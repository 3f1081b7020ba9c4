/**
 * The version table: each row is consistent (the cloud controller manager within its documented
 * skew, the tested release of the row's minor), a kubernetesVersion without a row fails render
 * naming the cluster.yaml key, and every image the rendered userdata pins comes from the row.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';

import { buildGeneratedFiles } from '../../src/assets/render-cluster.js';
import { PinnedImageError, UnsupportedKubernetesVersionError } from '../../src/errors.js';
import {
  KUBERNETES_RELEASES,
  allowedImages,
  imageReferences,
  kubeImage,
  kubernetesMinor,
  kubernetesRelease,
  pinnedImageProblems,
  releaseRowProblems,
} from '../../src/manifests/versions.js';
import type { KubernetesRelease } from '../../src/manifests/versions.js';
import { buildNodeIgnition } from '../../src/userdata/node-ignition.js';
import { inlineFileTexts, userdataImageProblems } from '../../src/userdata/pinned-images.js';

const newest = KUBERNETES_RELEASES[0] as KubernetesRelease;
const withCcm = (tag: string): KubernetesRelease => ({
  ...newest,
  images: { ...newest.images, awsCloudControllerManager: `registry.k8s.io/provider-aws/cloud-controller-manager:${tag}` },
});

describe('the version table', () => {
  it('has consistent rows: CCM within skew, tested release of the row, every image tagged, newest first', () => {
    assert.ok(KUBERNETES_RELEASES.length > 0);
    for (const row of KUBERNETES_RELEASES) {
      assert.deepEqual(releaseRowProblems(row), [], row.minor);
      for (const [part, image] of Object.entries(row.images)) assert.match(image, /^[a-z0-9.-]+\/[a-z0-9._/-]+:[A-Za-z0-9._-]+$/, `${row.minor} ${part}`);
      assert.match(row.calicoVersion, /^v\d+\.\d+\.\d+$/);
    }
    const minors = KUBERNETES_RELEASES.map((r) => Number(r.minor.split('.')[1]));
    assert.deepEqual(minors, [...new Set(minors)].sort((a, b) => b - a));
  });

  it('the default kubernetesVersion of config has a row', () => {
    assert.equal(kubernetesRelease(seedClusterConfig().kubernetesVersion).minor, '1.36');
    assert.equal(kubernetesRelease('v1.36.0'), kubernetesRelease('v1.36.9'), 'any patch of the minor');
  });

  it('accepts a CCM of the same minor or one older, and nothing else', () => {
    assert.deepEqual(releaseRowProblems(withCcm('v1.36.1')), []);
    assert.deepEqual(releaseRowProblems(withCcm('v1.35.0')), []);
    for (const tag of ['v1.34.2', 'v1.37.0', 'v2.36.0', 'latest']) {
      const problems = releaseRowProblems(withCcm(tag));
      assert.equal(problems.length, 1, tag);
      assert.match(problems[0] ?? '', /minor must equal the Kubernetes minor or be one older/);
    }
    assert.match(releaseRowProblems({ ...newest, tested: 'v1.35.4' })[0] ?? '', /tested release v1\.35\.4 is of another minor/);
  });

  it('a version without a row names cluster.yaml\'s kubernetesVersion and the supported versions', () => {
    for (const version of ['v1.35.2', 'v1.37.0', 'v2.0.0']) {
      assert.throws(
        () => kubernetesRelease(version),
        (e: unknown) =>
          e instanceof UnsupportedKubernetesVersionError &&
          e.field === 'kubernetesVersion' &&
          e.kubernetesVersion === version &&
          e.message.includes(`kubernetesVersion ${version} in cluster.yaml`) &&
          e.message.includes('supported: v1.36.x') &&
          e.message.includes('e.g. v1.36.3'),
      );
    }
    assert.equal(kubernetesMinor('v1.36.3'), '1.36');
    assert.equal(kubernetesMinor('1.36.3'), undefined);
  });

  it('render refuses such a version before building anything', () => {
    assert.throws(() => buildGeneratedFiles(seedClusterConfig({ kubernetesVersion: 'v1.35.2' })), UnsupportedKubernetesVersionError);
  });
});

describe('images pinned by the rendered userdata', () => {
  it('finds image references in manifests, containerd\'s config and scripts', () => {
    const text = [
      '    - name: a',
      '      image: registry.k8s.io/a:v1',
      '      imagePullPolicy: IfNotPresent',
      '  sandbox_image = "registry.k8s.io/pause:3.10.2"',
      "image='public.ecr.aws/aws-cli/aws-cli:2.36.5'",
      'ctr images pull "$image"',
      '{"image":"ghcr.io/x/y:v2"}',
      '--register-with-taints=node-role.kubernetes.io/control-plane:NoSchedule',
    ].join('\n');
    assert.deepEqual(imageReferences(text).sort(), ['ghcr.io/x/y:v2', 'public.ecr.aws/aws-cli/aws-cli:2.36.5', 'registry.k8s.io/a:v1', 'registry.k8s.io/pause:3.10.2']);
  });

  for (const useCalico of [false, true]) {
    it(`every image of the seed's configs (${useCalico ? 'Calico' : 'flannel'}) is in the row, and the scan sees them all`, () => {
      const config = seedClusterConfig({ useCalico });
      const seen = new Set<string>();
      for (const role of ['controller', 'worker'] as const) {
        const ign = buildNodeIgnition(config, role);
        assert.deepEqual(userdataImageProblems(config, `userdata/${role}.ign`, ign), []);
        for (const text of inlineFileTexts(ign).values()) for (const image of imageReferences(text)) seen.add(image);
      }
      const row = kubernetesRelease(config.kubernetesVersion);
      const expected = [
        row.images.etcd,
        row.images.pause,
        row.images.coreDns,
        row.images.awsCloudControllerManager,
        row.images.ebsCsiDriver,
        row.images.csiProvisioner,
        row.images.csiAttacher,
        row.images.csiResizer,
        row.images.csiNodeDriverRegistrar,
        row.images.csiLivenessProbe,
        ...(useCalico ? [] : [row.images.flannel, row.images.flannelCniPlugin]),
        ...(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'] as const).map((c) => kubeImage(c, config.kubernetesVersion)),
      ];
      for (const image of expected) assert.ok(seen.has(image), `${image} is pinned by the userdata`);
      for (const image of seen) assert.ok(allowedImages(config.kubernetesVersion).has(image), image);
    });
  }

  it('flags an image outside the row, naming the file', () => {
    const files = new Map([
      ['/etc/kubernetes/addons/40-coredns.yaml', '      image: registry.k8s.io/coredns/coredns:v1.11.1\n'],
      ['/etc/kubernetes/manifests/kube-apiserver.yaml', '    image: registry.k8s.io/kube-apiserver:v1.35.0\n'],
      ['/etc/containerd/config.toml', `  sandbox_image = "${newest.images.pause}"\n`],
    ]);
    const problems = pinnedImageProblems('v1.36.3', files);
    assert.deepEqual(
      problems.map((p) => p.split(' is not in ')[0]),
      ['/etc/kubernetes/addons/40-coredns.yaml: registry.k8s.io/coredns/coredns:v1.11.1', '/etc/kubernetes/manifests/kube-apiserver.yaml: registry.k8s.io/kube-apiserver:v1.35.0'],
    );
    assert.match(problems[0] ?? '', /table of images for Kubernetes 1\.36/);
    assert.match(new PinnedImageError(problems).message, /outside kube-aws's version table/);
  });
});
