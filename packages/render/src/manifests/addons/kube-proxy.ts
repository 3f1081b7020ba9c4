/**
 * kube-proxy as a DaemonSet (kubeadm-style): its ServiceAccount token, a kubeconfig pointing at the
 * controller's private IP (the `kubernetes` ClusterIP only works once kube-proxy runs), iptables mode.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { stringify } from 'yaml';

import { buildKubeProxyKubeconfig } from '../../kubeconfig/node-kubeconfig.js';
import { type K8sObject, TOLERATE_EVERYTHING, hostPathVolume } from '../k8s-object.js';
import { clusterRoleBinding, serviceAccount, systemSA } from '../rbac.js';
import { kubeImage } from '../versions.js';

export function kubeProxyConfiguration(config: ClusterConfig): Record<string, unknown> {
  return {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig: '/var/lib/kube-proxy/kubeconfig.conf' },
    clusterCIDR: config.podCIDR,
    mode: 'iptables',
    metricsBindAddress: '0.0.0.0:10249',
  };
}

export function kubeProxyAddon(config: ClusterConfig): K8sObject[] {
  const xtables = hostPathVolume('xtables-lock', '/run/xtables.lock', { type: 'FileOrCreate' });
  const modules = hostPathVolume('lib-modules', '/lib/modules', { readOnly: true });
  const labels = { 'k8s-app': 'kube-proxy' };
  return [
    serviceAccount('kube-proxy'),
    clusterRoleBinding('kube-aws:node-proxier', 'system:node-proxier', [systemSA('kube-proxy')]),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
      data: { 'config.conf': stringify(kubeProxyConfiguration(config)), 'kubeconfig.conf': buildKubeProxyKubeconfig(config) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels },
          spec: {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'kube-proxy',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: TOLERATE_EVERYTHING,
            containers: [
              {
                name: 'kube-proxy',
                image: kubeImage('kube-proxy', config.kubernetesVersion),
                command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                securityContext: { privileged: true },
                volumeMounts: [{ name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' }, xtables.mount, modules.mount],
              },
            ],
            volumes: [{ name: 'kube-proxy', configMap: { name: 'kube-proxy' } }, xtables.volume, modules.volume],
          },
        },
      },
    },
  ];
}
