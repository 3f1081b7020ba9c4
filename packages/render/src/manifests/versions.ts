/**
 * Every container image and downloaded artefact version the node configs use, in one place.
 *
 * Kubernetes components follow `ClusterConfig.kubernetesVersion`; everything else is pinned here and
 * bumped deliberately (each pin was a published tag when chosen; see README-userdata.md).
 */
import type { Architecture } from '@kube-aws/config';

/** etcd 3.6 as published for kubeadm on registry.k8s.io (the `-0` suffix is the image revision). */
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.6.8-0';
/** containerd's sandbox ("pause") image, matching kubeadm's choice for 1.36. */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10.2';
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.14.2';
export const FLANNEL_IMAGE = 'ghcr.io/flannel-io/flannel:v0.28.9';
export const FLANNEL_CNI_PLUGIN_IMAGE = 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel1';
/** Calico is installed by the Tigera operator; its manifest (CRDs included) is fetched by Ignition. */
export const CALICO_VERSION = 'v3.30.3';
export const CALICO_OPERATOR_MANIFEST_URL = `https://raw.githubusercontent.com/projectcalico/calico/${CALICO_VERSION}/manifests/tigera-operator.yaml`;
/**
 * aws-cloud-controller-manager. v1.35.0 is the newest tag seen published when pinned; a 1.35 CCM
 * against a 1.36 API server is inside the supported client skew. Bump to v1.36.x once released.
 */
export const AWS_CCM_IMAGE = 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.35.0';
export const EBS_CSI_DRIVER_IMAGE = 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.59.0';
export const CSI_PROVISIONER_IMAGE = 'registry.k8s.io/sig-storage/csi-provisioner:v6.2.0';
export const CSI_ATTACHER_IMAGE = 'registry.k8s.io/sig-storage/csi-attacher:v4.12.0';
export const CSI_RESIZER_IMAGE = 'registry.k8s.io/sig-storage/csi-resizer:v2.2.0';
export const CSI_NODE_DRIVER_REGISTRAR_IMAGE = 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0';
export const CSI_LIVENESS_PROBE_IMAGE = 'registry.k8s.io/sig-storage/livenessprobe:v2.18.0';
/** Runs `aws kms decrypt` on the host through `ctr` (Flatcar has no AWS CLI). Multi-arch. */
export const AWS_CLI_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:2.36.5';

/** `registry.k8s.io/kube-apiserver:v1.36.3` and friends. */
export function kubeImage(component: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy', kubernetesVersion: string): string {
  return `registry.k8s.io/${component}:${kubernetesVersion}`;
}

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
