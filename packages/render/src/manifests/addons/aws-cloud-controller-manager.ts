/**
 * aws-cloud-controller-manager, replacing the in-tree `--cloud-provider=aws`: initialises nodes
 * (addresses, zone labels, removes the `uninitialized` taint) and runs Service type LoadBalancer.
 * Runs on the control-plane node, whose instance role carries the CCM's IAM policy.
 */
import type { ClusterConfig } from '@kube-aws/config';

import { CONTROL_PLANE_TOLERATIONS, type K8sObject } from '../k8s-object.js';
import { roleBinding, saWithClusterRole, systemSA } from '../rbac.js';
import { kubernetesRelease } from '../versions.js';

export function awsCloudControllerManagerAddon(config: ClusterConfig): K8sObject[] {
  const labels = { 'k8s-app': 'aws-cloud-controller-manager' };
  return [
    ...saWithClusterRole('cloud-controller-manager', 'system:cloud-controller-manager', [
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['*'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
      { apiGroups: [''], resources: ['services'], verbs: ['list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['services/status'], verbs: ['list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'update', 'watch'] },
      { apiGroups: [''], resources: ['endpoints'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
    ]),
    roleBinding('cloud-controller-manager:apiserver-authentication-reader', 'kube-system', { kind: 'Role', name: 'extension-apiserver-authentication-reader' }, [
      systemSA('cloud-controller-manager'),
    ]),
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels },
          spec: {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'cloud-controller-manager',
            // kube-aws-addons.service labels the controller node (the kubelet may not label itself).
            nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
            tolerations: CONTROL_PLANE_TOLERATIONS,
            containers: [
              {
                name: 'aws-cloud-controller-manager',
                image: kubernetesRelease(config.kubernetesVersion).images.awsCloudControllerManager,
                args: [
                  '--v=2',
                  '--cloud-provider=aws',
                  `--cluster-name=${config.clusterName}`,
                  // Pod routes are flannel's/Calico's job (overlay), not VPC route tables.
                  '--configure-cloud-routes=false',
                  '--bind-address=127.0.0.1',
                ],
                env: [
                  { name: 'KUBERNETES_SERVICE_HOST', value: '127.0.0.1' },
                  { name: 'KUBERNETES_SERVICE_PORT', value: '443' },
                ],
                resources: { requests: { cpu: '200m' } },
              },
            ],
          },
        },
      },
    },
  ];
}
