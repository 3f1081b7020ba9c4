/**
 * aws-ebs-csi-driver, replacing the in-tree EBS volume plugin: CSIDriver, a controller Deployment
 * on the control-plane node (its instance role may create/attach volumes), a node DaemonSet, the
 * sidecars' RBAC, and a default gp3 StorageClass.
 */
import type { ClusterConfig } from '@kube-aws/config';

import { CORDONED_CONTROL_PLANE_TOLERATIONS, type K8sObject, TOLERATE_EVERYTHING, hostPathVolume } from '../k8s-object.js';
import { type PolicyRule, role, roleBinding, saWithClusterRole, systemSA } from '../rbac.js';
import { kubernetesRelease } from '../versions.js';
import type { PinnedImages } from '../versions.js';

/** The controller's health port on the host network (the node plugin has the upstream 9808). */
const CONTROLLER_HEALTH_PORT = 9809;

const DRIVER = 'ebs.csi.aws.com';
const watchable = ['get', 'list', 'watch'];
const events: PolicyRule = { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] };
const vac: PolicyRule = { apiGroups: ['storage.k8s.io'], resources: ['volumeattributesclasses'], verbs: watchable };

const CONTROLLER_RULES: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['patch'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: watchable },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csinodes'], verbs: watchable },
  { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments'], verbs: ['get', 'list', 'watch', 'patch'] },
  { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments/status'], verbs: ['patch'] },
  vac,
  events,
];

function sidecar(name: string, image: string, args: readonly string[]): Record<string, unknown> {
  return {
    name,
    image,
    args: ['--csi-address=$(ADDRESS)', '--v=2', ...args],
    env: [{ name: 'ADDRESS', value: '/var/lib/csi/sockets/pluginproxy/csi.sock' }],
    volumeMounts: [{ name: 'socket-dir', mountPath: '/var/lib/csi/sockets/pluginproxy/' }],
  };
}

function controller(config: ClusterConfig, images: PinnedImages): K8sObject {
  const labels = { app: 'ebs-csi-controller' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ebs-csi-controller', namespace: 'kube-system', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          // Host network: IMDSv2 stays reachable with a hop limit of 1.
          hostNetwork: true,
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'ebs-csi-controller-sa',
          nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
          tolerations: CORDONED_CONTROL_PLANE_TOLERATIONS,
          containers: [
            {
              name: 'ebs-plugin',
              image: images.ebsCsiDriver,
              args: ['controller', '--endpoint=$(CSI_ENDPOINT)', `--k8s-tag-cluster-id=${config.clusterName}`, '--v=2'],
              env: [
                { name: 'CSI_ENDPOINT', value: 'unix:///var/lib/csi/sockets/pluginproxy/csi.sock' },
                { name: 'AWS_REGION', value: config.region },
              ],
              volumeMounts: [{ name: 'socket-dir', mountPath: '/var/lib/csi/sockets/pluginproxy/' }],
              // Both this Deployment and the ebs-csi-node DaemonSet use the host network and run on
              // the controller: the node plugin keeps the upstream 9808, so this one moves aside.
              ports: [{ name: 'healthz', containerPort: CONTROLLER_HEALTH_PORT, protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 5 },
            },
            sidecar('csi-provisioner', images.csiProvisioner, ['--feature-gates=Topology=true', '--extra-create-metadata', '--leader-election=true', '--default-fstype=ext4']),
            sidecar('csi-attacher', images.csiAttacher, ['--leader-election=true']),
            sidecar('csi-resizer', images.csiResizer, ['--leader-election=true', '--handle-volume-inuse-error=false']),
            { ...sidecar('liveness-probe', images.csiLivenessProbe, []), args: ['--csi-address=/csi/csi.sock', `--health-port=${CONTROLLER_HEALTH_PORT}`], env: [], volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }] },
          ],
          volumes: [{ name: 'socket-dir', emptyDir: {} }],
        },
      },
    },
  };
}

function nodeDaemonSet(images: PinnedImages): K8sObject {
  const labels = { app: 'ebs-csi-node' };
  const kubelet = hostPathVolume('kubelet-dir', '/var/lib/kubelet', { type: 'Directory' });
  const plugin = hostPathVolume('plugin-dir', `/var/lib/kubelet/plugins/${DRIVER}/`, { type: 'DirectoryOrCreate', mountPath: '/csi' });
  const registration = hostPathVolume('registration-dir', '/var/lib/kubelet/plugins_registry/', { type: 'Directory', mountPath: '/registration' });
  const dev = hostPathVolume('device-dir', '/dev', { type: 'Directory' });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ebs-csi-node', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'ebs-csi-node-sa',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: TOLERATE_EVERYTHING,
          containers: [
            {
              name: 'ebs-plugin',
              image: images.ebsCsiDriver,
              args: ['node', '--endpoint=$(CSI_ENDPOINT)', '--v=2'],
              env: [
                { name: 'CSI_ENDPOINT', value: 'unix:/csi/csi.sock' },
                { name: 'CSI_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              ],
              securityContext: { privileged: true },
              volumeMounts: [{ ...kubelet.mount, mountPropagation: 'Bidirectional' }, plugin.mount, dev.mount],
              ports: [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 5 },
            },
            {
              name: 'node-driver-registrar',
              image: images.csiNodeDriverRegistrar,
              args: ['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', '--v=2'],
              env: [
                { name: 'ADDRESS', value: '/csi/csi.sock' },
                { name: 'DRIVER_REG_SOCK_PATH', value: `/var/lib/kubelet/plugins/${DRIVER}/csi.sock` },
              ],
              volumeMounts: [plugin.mount, registration.mount],
            },
            { name: 'liveness-probe', image: images.csiLivenessProbe, args: ['--csi-address=/csi/csi.sock'], volumeMounts: [plugin.mount] },
          ],
          volumes: [kubelet.volume, plugin.volume, registration.volume, dev.volume],
        },
      },
    },
  };
}

export function awsEbsCsiDriverAddon(config: ClusterConfig): K8sObject[] {
  const { images } = kubernetesRelease(config.kubernetesVersion);
  return [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: DRIVER },
      spec: { attachRequired: true, podInfoOnMount: false, fsGroupPolicy: 'File' },
    },
    ...saWithClusterRole('ebs-csi-controller-sa', 'kube-aws:ebs-csi-controller', CONTROLLER_RULES),
    role('ebs-csi-leases', 'kube-system', [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'watch', 'list', 'delete', 'update', 'create'] }]),
    roleBinding('ebs-csi-leases', 'kube-system', { kind: 'Role', name: 'ebs-csi-leases' }, [systemSA('ebs-csi-controller-sa')]),
    ...saWithClusterRole('ebs-csi-node-sa', 'kube-aws:ebs-csi-node', [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments'], verbs: watchable },
      { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get'] },
    ]),
    controller(config, images),
    nodeDaemonSet(images),
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: DRIVER,
      parameters: { type: 'gp3', encrypted: 'true' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
    },
  ];
}
