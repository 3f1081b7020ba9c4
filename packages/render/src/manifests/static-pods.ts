/**
 * The controller's static pods (`/etc/kubernetes/manifests/*.yaml`): etcd 3.6 with TLS,
 * kube-apiserver, kube-controller-manager and kube-scheduler, kubeadm-style, with real v1.36 flags.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { FRONT_PROXY_CLIENT_NAME } from '@kube-aws/pki';

import { NODE_PKI_DIR } from '../kubeconfig/node-kubeconfig.js';
import { AUDIT_LOG_DIR, AUDIT_LOG_PATH, AUDIT_LOG_ROTATION, AUDIT_POLICY_PATH } from './audit-policy.js';
import { ENCRYPTION_CONFIG_PATH } from './encryption-config.js';
import { type K8sObject, hostPathVolume, toYaml } from './k8s-object.js';
import { kubeImage, kubernetesRelease } from './versions.js';

const pki = (file: string): string => `${NODE_PKI_DIR}/${file}`;

/** On-node paths of the control-plane kubeconfigs (see userdata/node-files.ts). */
export const CONTROLLER_MANAGER_KUBECONFIG = '/etc/kubernetes/controller-manager.conf';
export const SCHEDULER_KUBECONFIG = '/etc/kubernetes/scheduler.conf';

interface StaticPodSpec {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly volumes: readonly ReturnType<typeof hostPathVolume>[];
  readonly probe: { readonly host: string; readonly port: number; readonly scheme: 'HTTP' | 'HTTPS'; readonly live: string; readonly ready?: string };
  readonly cpu: string;
}

function staticPod(spec: StaticPodSpec): K8sObject {
  const probe = (path: string, failureThreshold: number): Record<string, unknown> => ({
    httpGet: { host: spec.probe.host, port: spec.probe.port, scheme: spec.probe.scheme, path },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 15,
    failureThreshold,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: spec.name, namespace: 'kube-system', labels: { component: spec.name, tier: 'control-plane' } },
    spec: {
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: spec.name,
          image: spec.image,
          imagePullPolicy: 'IfNotPresent',
          command: [...spec.command],
          resources: { requests: { cpu: spec.cpu } },
          livenessProbe: probe(spec.probe.live, 8),
          ...(spec.probe.ready === undefined ? {} : { readinessProbe: probe(spec.probe.ready, 3) }),
          startupProbe: probe(spec.probe.live, 24),
          volumeMounts: spec.volumes.map((v) => v.mount),
        },
      ],
      volumes: spec.volumes.map((v) => v.volume),
    },
  };
}

const pkiVolume = hostPathVolume('k8s-certs', NODE_PKI_DIR, { type: 'DirectoryOrCreate', readOnly: true });
const caCertsVolume = hostPathVolume('ca-certs', '/etc/ssl/certs', { type: 'DirectoryOrCreate', readOnly: true });

/** etcd: one member named `controller`, TLS for clients and peers, client certs required. */
export function etcdPod(config: ClusterConfig): K8sObject {
  const ip = config.controllerIP;
  return staticPod({
    name: 'etcd',
    image: kubernetesRelease(config.kubernetesVersion).images.etcd,
    command: [
      'etcd',
      '--name=controller',
      '--data-dir=/var/lib/etcd',
      `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
      `--advertise-client-urls=https://${ip}:2379`,
      `--listen-peer-urls=https://${ip}:2380`,
      `--initial-advertise-peer-urls=https://${ip}:2380`,
      `--initial-cluster=controller=https://${ip}:2380`,
      '--initial-cluster-state=new',
      `--cert-file=${pki('etcd-server.pem')}`,
      `--key-file=${pki('etcd-server-key.pem')}`,
      '--client-cert-auth=true',
      `--trusted-ca-file=${pki('etcd-ca.pem')}`,
      `--peer-cert-file=${pki('etcd-peer.pem')}`,
      `--peer-key-file=${pki('etcd-peer-key.pem')}`,
      '--peer-client-cert-auth=true',
      `--peer-trusted-ca-file=${pki('etcd-ca.pem')}`,
      // Plain-HTTP metrics/health on loopback only, for the kubelet's probes.
      '--listen-metrics-urls=http://127.0.0.1:2381',
      '--snapshot-count=10000',
    ],
    volumes: [hostPathVolume('etcd-data', '/var/lib/etcd', { type: 'DirectoryOrCreate' }), pkiVolume],
    probe: { host: '127.0.0.1', port: 2381, scheme: 'HTTP', live: '/livez', ready: '/readyz' },
    cpu: '100m',
  });
}

/** The kube-apiserver flags, exported so tests and the sandbox can read them back. */
export function kubeApiserverFlags(config: ClusterConfig): string[] {
  return [
    `--advertise-address=${config.controllerIP}`,
    '--bind-address=0.0.0.0',
    '--secure-port=443',
    '--etcd-servers=https://127.0.0.1:2379',
    `--etcd-cafile=${pki('etcd-ca.pem')}`,
    `--etcd-certfile=${pki('apiserver-etcd-client.pem')}`,
    `--etcd-keyfile=${pki('apiserver-etcd-client-key.pem')}`,
    `--client-ca-file=${pki('ca.pem')}`,
    `--tls-cert-file=${pki('apiserver.pem')}`,
    `--tls-private-key-file=${pki('apiserver-key.pem')}`,
    `--kubelet-client-certificate=${pki('apiserver-kubelet-client.pem')}`,
    `--kubelet-client-key=${pki('apiserver-kubelet-client-key.pem')}`,
    // Node names are EC2 private DNS names; the IP works even where that name does not resolve.
    '--kubelet-preferred-address-types=InternalIP,InternalDNS,Hostname',
    `--service-account-issuer=https://${config.externalDNSName}`,
    `--service-account-key-file=${pki('service-account.pub')}`,
    `--service-account-signing-key-file=${pki('service-account-key.pem')}`,
    `--service-cluster-ip-range=${config.serviceCIDR}`,
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction',
    '--allow-privileged=true',
    '--profiling=false',
    // Secrets are encrypted in etcd (the file is built on the controller, see encryption-config.ts).
    `--encryption-provider-config=${ENCRYPTION_CONFIG_PATH}`,
    ...auditFlags(),
    ...aggregationFlags(),
  ];
}

/** The audit policy and its size-rotated JSON log (audit-policy.ts). */
function auditFlags(): string[] {
  return [
    `--audit-policy-file=${AUDIT_POLICY_PATH}`,
    `--audit-log-path=${AUDIT_LOG_PATH}`,
    `--audit-log-maxsize=${AUDIT_LOG_ROTATION.maxSizeMB}`,
    `--audit-log-maxbackup=${AUDIT_LOG_ROTATION.maxBackups}`,
    `--audit-log-maxage=${AUDIT_LOG_ROTATION.maxAgeDays}`,
  ];
}

/**
 * The aggregation layer, kubeadm's way: kube-apiserver proxies /apis/metrics.k8s.io and other
 * APIService groups to their servers with the front-proxy client certificate, naming the user in
 * X-Remote-* headers; those servers trust the headers only from a certificate of front-proxy-ca
 * with that CN (they read both from the extension-apiserver-authentication ConfigMap, which the
 * API server fills from these flags). No --enable-aggregator-routing: kube-proxy runs on the
 * controller too, so the API server reaches an APIService's Service IP like any pod would, and the
 * Service keeps its own readiness and load balancing.
 */
function aggregationFlags(): string[] {
  return [
    `--requestheader-client-ca-file=${pki('front-proxy-ca.pem')}`,
    `--requestheader-allowed-names=${FRONT_PROXY_CLIENT_NAME}`,
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${pki('front-proxy-client.pem')}`,
    `--proxy-client-key-file=${pki('front-proxy-client-key.pem')}`,
  ];
}

export function kubeApiserverPod(config: ClusterConfig): K8sObject {
  return staticPod({
    name: 'kube-apiserver',
    image: kubeImage('kube-apiserver', config.kubernetesVersion),
    command: ['kube-apiserver', ...kubeApiserverFlags(config)],
    volumes: [
      pkiVolume,
      caCertsVolume,
      hostPathVolume('audit-policy', AUDIT_POLICY_PATH, { type: 'File', readOnly: true }),
      hostPathVolume('audit-log', AUDIT_LOG_DIR, { type: 'DirectoryOrCreate' }),
    ],
    probe: { host: config.controllerIP, port: 443, scheme: 'HTTPS', live: '/livez', ready: '/readyz' },
    cpu: '250m',
  });
}

export function kubeControllerManagerFlags(config: ClusterConfig): string[] {
  const kubeconfig = CONTROLLER_MANAGER_KUBECONFIG;
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    '--leader-elect=true',
    // As kubeadm: the CAs its own HTTPS endpoint (metrics, health) authenticates clients with, from
    // files rather than the extension-apiserver-authentication ConfigMap; the allowed name as the API
    // server's, which kubeadm leaves open. (The scheduler reads all of it from that ConfigMap.)
    `--client-ca-file=${pki('ca.pem')}`,
    `--requestheader-client-ca-file=${pki('front-proxy-ca.pem')}`,
    `--requestheader-allowed-names=${FRONT_PROXY_CLIENT_NAME}`,
    // Nodes join by client-certificate bootstrap, not bootstrap tokens, so the token controllers
    // (bootstrapsigner, tokencleaner; off under "*") stay off.
    '--controllers=*',
    `--cluster-signing-cert-file=${pki('ca.pem')}`,
    `--cluster-signing-key-file=${pki('ca-key.pem')}`,
    `--root-ca-file=${pki('ca.pem')}`,
    `--service-account-private-key-file=${pki('service-account-key.pem')}`,
    '--use-service-account-credentials=true',
    `--cluster-cidr=${config.podCIDR}`,
    // flannel reads each node's spec.podCIDR; Calico has its own IPAM.
    `--allocate-node-cidrs=${config.useCalico ? 'false' : 'true'}`,
    '--node-cidr-mask-size=24',
    `--service-cluster-ip-range=${config.serviceCIDR}`,
    '--cloud-provider=external',
    '--profiling=false',
  ];
}

export function kubeControllerManagerPod(config: ClusterConfig): K8sObject {
  return staticPod({
    name: 'kube-controller-manager',
    image: kubeImage('kube-controller-manager', config.kubernetesVersion),
    command: ['kube-controller-manager', ...kubeControllerManagerFlags(config)],
    volumes: [pkiVolume, caCertsVolume, hostPathVolume('kubeconfig', CONTROLLER_MANAGER_KUBECONFIG, { type: 'File', readOnly: true })],
    probe: { host: '127.0.0.1', port: 10257, scheme: 'HTTPS', live: '/healthz' },
    cpu: '200m',
  });
}

export function kubeSchedulerFlags(): string[] {
  return [
    `--kubeconfig=${SCHEDULER_KUBECONFIG}`,
    `--authentication-kubeconfig=${SCHEDULER_KUBECONFIG}`,
    `--authorization-kubeconfig=${SCHEDULER_KUBECONFIG}`,
    '--bind-address=127.0.0.1',
    '--leader-elect=true',
    '--profiling=false',
  ];
}

export function kubeSchedulerPod(config: ClusterConfig): K8sObject {
  return staticPod({
    name: 'kube-scheduler',
    image: kubeImage('kube-scheduler', config.kubernetesVersion),
    command: ['kube-scheduler', ...kubeSchedulerFlags()],
    volumes: [hostPathVolume('kubeconfig', SCHEDULER_KUBECONFIG, { type: 'File', readOnly: true }), pkiVolume],
    probe: { host: '127.0.0.1', port: 10259, scheme: 'HTTPS', live: '/livez', ready: '/readyz' },
    cpu: '100m',
  });
}

/** File name (under /etc/kubernetes/manifests/) → YAML, in a fixed order. */
export function controllerStaticPods(config: ClusterConfig): ReadonlyMap<string, string> {
  return new Map([
    ['etcd.yaml', toYaml([etcdPod(config)])],
    ['kube-apiserver.yaml', toYaml([kubeApiserverPod(config)])],
    ['kube-controller-manager.yaml', toYaml([kubeControllerManagerPod(config)])],
    ['kube-scheduler.yaml', toYaml([kubeSchedulerPod(config)])],
  ]);
}
