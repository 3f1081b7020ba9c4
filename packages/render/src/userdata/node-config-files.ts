/**
 * Configuration files every node gets: containerd, the KubeletConfiguration, kernel settings and
 * Flatcar's update policy.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { stringify } from 'yaml';

import { NODE_PKI_DIR } from '../kubeconfig/node-kubeconfig.js';

import type { NodeRole } from './ignition-types.js';

export const KUBELET_CONFIG_PATH = '/etc/kubernetes/kubelet.yaml';
export const KUBELET_BOOTSTRAP_KUBECONFIG = '/etc/kubernetes/bootstrap-kubelet.conf';
/** Written by the kubelet itself once its bootstrap CSR is approved; rotated from then on. */
export const KUBELET_KUBECONFIG = '/var/lib/kubelet/kubeconfig';
export const STATIC_POD_PATH = '/etc/kubernetes/manifests';
export const ADDONS_DIR = '/etc/kubernetes/addons';
export const UPSTREAM_ADDONS_DIR = '/etc/kubernetes/addons-upstream';

/**
 * containerd config, version 2 (read by containerd 1.7 and migrated by 2.x): runc with the systemd
 * cgroup driver, matching the kubelet's `cgroupDriver: systemd`.
 */
export function containerdConfig(pauseImage: string): string {
  return `# kube-aws: containerd for the kubelet (CRI) with the systemd cgroup driver.
version = 2

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"

  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = true

  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/opt/cni/bin"
    conf_dir = "/etc/cni/net.d"
`;
}

/** The KubeletConfiguration object (kubelet.config.k8s.io/v1beta1) for a role. */
export function kubeletConfiguration(config: ClusterConfig, role: NodeRole): Record<string, unknown> {
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: `${NODE_PKI_DIR}/ca.pem` },
    },
    authorization: { mode: 'Webhook' },
    cgroupDriver: 'systemd',
    clusterDNS: [config.dnsServiceIP],
    clusterDomain: 'cluster.local',
    containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
    // Flatcar runs systemd-resolved: its stub at 127.0.0.53 would make CoreDNS forward to itself.
    resolvConf: '/run/systemd/resolve/resolv.conf',
    rotateCertificates: true,
    serverTLSBootstrap: true,
    ...(role === 'controller'
      ? {
          staticPodPath: STATIC_POD_PATH,
          registerWithTaints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
        }
      : {}),
  };
}

export function kubeletConfigYaml(config: ClusterConfig, role: NodeRole): string {
  return stringify(kubeletConfiguration(config, role));
}

/** Kernel modules and sysctls the kubelet, kube-proxy and the CNI expect. */
export const MODULES_LOAD = 'overlay\nbr_netfilter\n';
export const SYSCTL = 'net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n';

/**
 * Flatcar's update policy: kube-aws set `reboot-strategy: off`, and unattended reboots of the single
 * controller would take the API down, so updates are downloaded but reboots are left to the operator.
 */
export function flatcarUpdateConf(config: ClusterConfig): string {
  return `GROUP=${config.releaseChannel}\nREBOOT_STRATEGY=off\n`;
}
