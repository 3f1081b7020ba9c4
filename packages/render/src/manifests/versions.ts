/**
 * Every container image and downloaded artefact version the node configs use, in one table: one
 * row per Kubernetes minor release kube-aws supports ({@link KUBERNETES_RELEASES}). The control
 * plane, kube-proxy and the sysext follow `ClusterConfig.kubernetesVersion` itself; everything else
 * comes from the row of its minor. `render` refuses a version without a row
 * ({@link kubernetesRelease}) and checks every image the rendered userdata pins against the row
 * ({@link pinnedImageProblems}), so no image can drift from the table unnoticed.
 *
 * Adding a row: every tag must be published (each pin below was a published tag when chosen), the
 * cloud controller manager must satisfy {@link CCM_SKEW_RULE}, and the row's tests must pass.
 */
import type { Architecture } from '@kube-aws/config';

import { UnsupportedKubernetesVersionError } from '../errors.js';

/** The images of one row, by the part of the cluster that runs them. */
export interface PinnedImages {
  /** etcd as published for kubeadm on registry.k8s.io (the `-0` suffix is the image revision). */
  readonly etcd: string;
  /** containerd's sandbox ("pause") image, kubeadm's choice for the minor. */
  readonly pause: string;
  readonly coreDns: string;
  readonly awsCloudControllerManager: string;
  readonly flannel: string;
  readonly flannelCniPlugin: string;
  readonly ebsCsiDriver: string;
  readonly csiProvisioner: string;
  readonly csiAttacher: string;
  readonly csiResizer: string;
  readonly csiNodeDriverRegistrar: string;
  readonly csiLivenessProbe: string;
  /** Runs `aws kms decrypt` on the host through `ctr` (Flatcar has no AWS CLI). Multi-arch. */
  readonly awsCli: string;
}

/** One row of the table: what kube-aws runs with every v`minor`.x release. */
export interface KubernetesRelease {
  /** `1.36`: the row applies to every `v1.36.x`. */
  readonly minor: string;
  /** The patch release this row was tested with (`init`'s default when it is the newest row). */
  readonly tested: string;
  readonly images: PinnedImages;
  /** Calico is installed by the Tigera operator; its manifest (CRDs included) is fetched by Ignition. */
  readonly calicoVersion: string;
}

/**
 * The documented skew of the cloud controller manager (Kubernetes' version skew policy:
 * cloud-controller-manager may be at most one minor older than kube-apiserver, never newer).
 * cloud-provider-aws releases one minor per Kubernetes minor; the row pins the matching minor
 * once it is published, and until then the previous one.
 */
export const CCM_SKEW_RULE = 'the aws-cloud-controller-manager minor must equal the Kubernetes minor or be one older (Kubernetes version skew policy)';

/** Pins that do not move with the Kubernetes minor (CNI, CSI, the AWS CLI); rows share them. */
const SHARED_PINS = {
  flannel: 'ghcr.io/flannel-io/flannel:v0.28.9',
  flannelCniPlugin: 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel1',
  ebsCsiDriver: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.59.0',
  csiProvisioner: 'registry.k8s.io/sig-storage/csi-provisioner:v6.2.0',
  csiAttacher: 'registry.k8s.io/sig-storage/csi-attacher:v4.12.0',
  csiResizer: 'registry.k8s.io/sig-storage/csi-resizer:v2.2.0',
  csiNodeDriverRegistrar: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0',
  csiLivenessProbe: 'registry.k8s.io/sig-storage/livenessprobe:v2.18.0',
  awsCli: 'public.ecr.aws/aws-cli/aws-cli:2.36.5',
} as const;

/**
 * The supported Kubernetes minors, newest first. Only rows whose every tag was checked against
 * its registry are here; a version without a row fails render rather than boot nodes that pull
 * an image that does not exist.
 */
export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = [
  {
    minor: '1.36',
    tested: 'v1.36.3',
    images: {
      ...SHARED_PINS,
      etcd: 'registry.k8s.io/etcd:3.6.8-0',
      pause: 'registry.k8s.io/pause:3.10.2',
      coreDns: 'registry.k8s.io/coredns/coredns:v1.14.2',
      // v1.35.0 is the newest cloud-provider-aws tag published when this row was pinned; one minor
      // older than the API server is inside the documented skew (CCM_SKEW_RULE). Bump to v1.36.x.
      awsCloudControllerManager: 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.35.0',
    },
    calicoVersion: 'v3.30.3',
  },
];

/** `v1.36.3` → `1.36`; undefined for anything that is not `vX.Y.Z`. */
export function kubernetesMinor(kubernetesVersion: string): string | undefined {
  return /^v(\d+\.\d+)\.\d+$/.exec(kubernetesVersion)?.[1];
}

/** The row for `kubernetesVersion` (any patch of a supported minor). */
export function kubernetesRelease(kubernetesVersion: string): KubernetesRelease {
  const minor = kubernetesMinor(kubernetesVersion);
  const row = KUBERNETES_RELEASES.find((r) => r.minor === minor);
  if (row === undefined) {
    throw new UnsupportedKubernetesVersionError(kubernetesVersion, KUBERNETES_RELEASES.map((r) => r.minor), KUBERNETES_RELEASES[0]?.tested ?? '');
  }
  return row;
}

/** `registry.k8s.io/kube-apiserver:v1.36.3` and friends. */
export type KubeComponent = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy';
export const KUBE_COMPONENTS: readonly KubeComponent[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'];

export function kubeImage(component: KubeComponent, kubernetesVersion: string): string {
  return `registry.k8s.io/${component}:${kubernetesVersion}`;
}

/** Every image a cluster of `kubernetesVersion` may pin: its row's, plus the control plane at that version. */
export function allowedImages(kubernetesVersion: string): ReadonlySet<string> {
  const row = kubernetesRelease(kubernetesVersion);
  return new Set([...Object.values(row.images), ...KUBE_COMPONENTS.map((c) => kubeImage(c, kubernetesVersion))]);
}

/** The tag of an image reference (`…/coredns:v1.14.2` → `v1.14.2`). */
function imageTag(image: string): string {
  return image.slice(image.lastIndexOf(':') + 1);
}

/** Problems with a row itself: a CCM outside the documented skew, a control plane of another minor. */
export function releaseRowProblems(row: KubernetesRelease): string[] {
  const problems: string[] = [];
  const [major = 0, minor = 0] = row.minor.split('.').map(Number);
  const ccm = /^v(\d+)\.(\d+)\.\d+$/.exec(imageTag(row.images.awsCloudControllerManager));
  const ccmMajor = Number(ccm?.[1]);
  const ccmMinor = Number(ccm?.[2]);
  if (ccm === null || ccmMajor !== major || ccmMinor > minor || ccmMinor < minor - 1) {
    problems.push(`row ${row.minor}: ${row.images.awsCloudControllerManager}: ${CCM_SKEW_RULE}`);
  }
  if (kubernetesMinor(row.tested) !== row.minor) problems.push(`row ${row.minor}: tested release ${row.tested} is of another minor`);
  return problems;
}

/**
 * The image references `text` pins (a manifest, a script, containerd's config): the values of
 * `image:` (Kubernetes manifests, YAML or JSON), `sandbox_image =` (containerd) and `image=` (shell scripts).
 */
export function imageReferences(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s{,"-])(?:sandbox_)?image"?\s*[:=]\s*["']?([^\s"',}]+)/gm)) if (m[1] !== undefined) found.push(m[1]);
  return [...new Set(found)];
}

/**
 * Every image pinned in `files` (path → text, as rendered for a node) that is not in the row of
 * `kubernetesVersion`, as `<path>: <image> …`. Empty when everything comes from the table.
 */
export function pinnedImageProblems(kubernetesVersion: string, files: ReadonlyMap<string, string>): string[] {
  const allowed = allowedImages(kubernetesVersion);
  const minor = kubernetesMinor(kubernetesVersion) ?? kubernetesVersion;
  const problems: string[] = [];
  for (const [path, text] of files) {
    for (const image of imageReferences(text)) {
      if (!allowed.has(image)) problems.push(`${path}: ${image} is not in kube-aws's table of images for Kubernetes ${minor} (packages/render/src/manifests/versions.ts)`);
    }
  }
  return problems;
}

/** The Tigera operator manifest of a Calico release. */
export function calicoOperatorManifestUrl(calicoVersion: string): string {
  return `https://raw.githubusercontent.com/projectcalico/calico/${calicoVersion}/manifests/tigera-operator.yaml`;
}

// The newest row's pins by name, for code that predates the table (the decrypt script names the
// AWS CLI image; the CLI image is shared by every row).
const NEWEST = KUBERNETES_RELEASES[0] as KubernetesRelease;
export const ETCD_IMAGE = NEWEST.images.etcd;
export const PAUSE_IMAGE = NEWEST.images.pause;
export const COREDNS_IMAGE = NEWEST.images.coreDns;
export const FLANNEL_IMAGE = SHARED_PINS.flannel;
export const FLANNEL_CNI_PLUGIN_IMAGE = SHARED_PINS.flannelCniPlugin;
export const CALICO_VERSION = NEWEST.calicoVersion;
export const CALICO_OPERATOR_MANIFEST_URL = calicoOperatorManifestUrl(CALICO_VERSION);
export const AWS_CCM_IMAGE = NEWEST.images.awsCloudControllerManager;
export const EBS_CSI_DRIVER_IMAGE = SHARED_PINS.ebsCsiDriver;
export const CSI_PROVISIONER_IMAGE = SHARED_PINS.csiProvisioner;
export const CSI_ATTACHER_IMAGE = SHARED_PINS.csiAttacher;
export const CSI_RESIZER_IMAGE = SHARED_PINS.csiResizer;
export const CSI_NODE_DRIVER_REGISTRAR_IMAGE = SHARED_PINS.csiNodeDriverRegistrar;
export const CSI_LIVENESS_PROBE_IMAGE = SHARED_PINS.csiLivenessProbe;
export const AWS_CLI_IMAGE = SHARED_PINS.awsCli;

/** Architecture name as the Flatcar sysext bakery spells it in file names. */
export function sysextArch(architecture: Architecture): 'x86-64' | 'arm64' {
  return architecture === 'arm64' ? 'arm64' : 'x86-64';
}

/**
 * The Flatcar sysext-bakery Kubernetes image (kubelet, kubectl, kubeadm, CNI plugins and a
 * kubelet.service) for a release, e.g. `kubernetes-v1.36.3-x86-64.raw`.
 */
export function kubernetesSysextFileName(kubernetesVersion: string, architecture: Architecture): string {
  return `kubernetes-${kubernetesVersion}-${sysextArch(architecture)}.raw`;
}

/** Where the bakery publishes sysext images (its current download host). */
export function kubernetesSysextUrl(kubernetesVersion: string, architecture: Architecture): string {
  return `https://extensions.flatcar.org/extensions/${kubernetesSysextFileName(kubernetesVersion, architecture)}`;
}
