/**
 * The editable node configs `kube-aws render` writes to `userdata/controller.ign` and
 * `userdata/worker.ign`: everything a node needs except its TLS assets (added, encrypted, by
 * {@link finalizeNodeIgnition} at validate/up time).
 */
import type { ClusterConfig } from '@kube-aws/config';

import { buildCertKubeconfig } from '../kubeconfig/node-kubeconfig.js';
import { controllerAddons, upstreamAddonSources } from '../manifests/addons/index.js';
import { AUDIT_LOG_DIR, AUDIT_POLICY_PATH, auditPolicyYaml } from '../manifests/audit-policy.js';
import { CONTROLLER_MANAGER_KUBECONFIG, SCHEDULER_KUBECONFIG, controllerStaticPods } from '../manifests/static-pods.js';
import { kubernetesRelease, kubernetesSysextFileName, kubernetesSysextUrl } from '../manifests/versions.js';
import { textContents } from './data-url.js';
import type { IgnitionConfig, IgnitionDirectory, IgnitionFile, IgnitionLink, IgnitionUnit, NodeRole } from './ignition-types.js';
import {
  ADDONS_DIR,
  KUBELET_BOOTSTRAP_KUBECONFIG,
  KUBELET_CONFIG_PATH,
  MODULES_LOAD,
  STATIC_POD_PATH,
  SYSCTL,
  UPSTREAM_ADDONS_DIR,
  containerdConfig,
  flatcarUpdateConf,
  kubeletConfigYaml,
} from './node-config-files.js';
import { SCRIPT_DIR, addonsScript, approveKubeletServingScript, encryptionConfigScript, mintKubeconfigScript, nodeEnvScript } from './scripts.js';
import { addonsUnit, approverUnits, containerdUnit, encryptionConfigUnit, kubeletStartUnit, kubeletUnit, nodeEnvUnit } from './units.js';

/** Octal modes as Ignition wants them (decimal integers). */
export const MODE_0600 = 0o600;
export const MODE_0644 = 0o644;
export const MODE_0700 = 0o700;
export const MODE_0755 = 0o755;

/** The Ignition spec version kube-aws writes. */
export const IGNITION_VERSION = '3.4.0';

export function textFile(path: string, text: string, mode: number, opts: { readonly gzip?: boolean } = {}): IgnitionFile {
  return { path, mode, overwrite: true, contents: textContents(text, opts) };
}

function script(name: string, text: string): IgnitionFile {
  return textFile(`${SCRIPT_DIR}/${name}`, text, MODE_0755);
}

function commonFiles(config: ClusterConfig, role: NodeRole): IgnitionFile[] {
  return [
    textFile('/etc/flatcar/update.conf', flatcarUpdateConf(config), MODE_0644),
    textFile('/etc/modules-load.d/kubernetes.conf', MODULES_LOAD, MODE_0644),
    textFile('/etc/sysctl.d/90-kubernetes.conf', SYSCTL, MODE_0644),
    textFile('/etc/containerd/config.toml', containerdConfig(kubernetesRelease(config.kubernetesVersion).images.pause), MODE_0644),
    kubernetesSysextFile(config),
    textFile(KUBELET_CONFIG_PATH, kubeletConfigYaml(config, role), MODE_0644),
    // The bootstrap credential (O=system:bootstrappers) may only ask for a node certificate.
    textFile(KUBELET_BOOTSTRAP_KUBECONFIG, buildCertKubeconfig(config, role, 'kubelet-bootstrap', 'worker'), MODE_0600),
    script('kube-aws-node-env', nodeEnvScript()),
  ];
}

/**
 * Kubernetes binaries (kubelet, kubectl, kubeadm, CNI plugins) as a systemd-sysext image, fetched by
 * Ignition from the sysext bakery. With `kubernetesSysextSha256` in cluster.yaml Ignition checks the
 * download against it and fails the boot on a mismatch; without it the download is trusted on HTTPS
 * alone, because the bakery's SHA256SUMS cannot be fetched at render (render is offline) and no
 * digest is known for a version ahead of time (see the README's "Known limits").
 */
function kubernetesSysextFile(config: ClusterConfig): IgnitionFile {
  const source = kubernetesSysextUrl(config.kubernetesVersion, config.architecture);
  const hash = config.kubernetesSysextSha256;
  return {
    path: `/opt/extensions/kubernetes/${kubernetesSysextFileName(config.kubernetesVersion, config.architecture)}`,
    mode: MODE_0644,
    overwrite: true,
    contents: hash === undefined ? { source } : { source, verification: { hash: `sha256-${hash}` } },
  };
}

function controllerFiles(config: ClusterConfig): IgnitionFile[] {
  const files: IgnitionFile[] = [
    textFile(CONTROLLER_MANAGER_KUBECONFIG, buildCertKubeconfig(config, 'controller', 'system:kube-controller-manager', 'controller-manager'), MODE_0600),
    textFile(SCHEDULER_KUBECONFIG, buildCertKubeconfig(config, 'controller', 'system:kube-scheduler', 'scheduler'), MODE_0600),
    script('kube-aws-mint-kubeconfig', mintKubeconfigScript()),
    script('kube-aws-addons', addonsScript()),
    script('kube-aws-approve-kubelet-serving', approveKubeletServingScript()),
    script('kube-aws-encryption-config', encryptionConfigScript()),
    textFile(AUDIT_POLICY_PATH, auditPolicyYaml(), MODE_0644),
  ];
  for (const [name, yaml] of controllerStaticPods(config)) files.push(textFile(`${STATIC_POD_PATH}/${name}`, yaml, MODE_0644));
  for (const [name, yaml] of controllerAddons(config)) files.push(textFile(`${ADDONS_DIR}/${name}`, yaml, MODE_0644));
  for (const [name, url] of upstreamAddonSources(config)) {
    files.push({ path: `${UPSTREAM_ADDONS_DIR}/${name}`, mode: MODE_0644, overwrite: true, contents: { source: url } });
  }
  return files;
}

function directories(role: NodeRole): IgnitionDirectory[] {
  const dirs: IgnitionDirectory[] = [
    { path: '/etc/kubernetes/pki', mode: MODE_0700 },
    { path: '/etc/cni/net.d', mode: MODE_0755 },
    { path: '/opt/cni/bin', mode: MODE_0755 },
  ];
  // The audit log names every Secret that is read: root only.
  if (role === 'controller') dirs.push({ path: '/var/lib/etcd', mode: MODE_0700 }, { path: AUDIT_LOG_DIR, mode: MODE_0700 });
  return dirs;
}

function links(config: ClusterConfig): IgnitionLink[] {
  return [
    {
      path: '/etc/extensions/kubernetes.raw',
      target: `/opt/extensions/kubernetes/${kubernetesSysextFileName(config.kubernetesVersion, config.architecture)}`,
      hard: false,
      overwrite: true,
    },
  ];
}

function units(config: ClusterConfig, role: NodeRole): IgnitionUnit[] {
  const list = [containerdUnit(), nodeEnvUnit(), kubeletUnit(config), kubeletStartUnit()];
  if (role === 'controller') list.push(encryptionConfigUnit(), addonsUnit(), ...approverUnits());
  return list;
}

/** The editable Ignition config (no secrets) for a node role. Byte-stable for a given config. */
export function buildNodeIgnition(config: ClusterConfig, role: NodeRole): IgnitionConfig {
  const files = [...commonFiles(config, role), ...(role === 'controller' ? controllerFiles(config) : [])];
  return {
    ignition: { version: IGNITION_VERSION },
    storage: { directories: directories(role), files, links: links(config) },
    systemd: { units: units(config, role) },
  };
}

/** Pretty JSON with a final newline, as written to `userdata/<role>.ign` and uploaded to S3. */
export function serializeIgnition(config: IgnitionConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
