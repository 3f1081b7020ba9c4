/**
 * The Node object a kubelet registers, and its status as the kubelet reports it. With
 * `--cloud-provider=external` the kubelet sets only the labels it owns (hostname, os, arch), taints
 * the node `node.cloudprovider.kubernetes.io/uninitialized` and reports its own IP; instance type,
 * zone, region, providerID and the EC2 addresses come from the cloud controller manager.
 */
import { instanceCapacity } from './instance-capacity.js';
import { kubeTime } from './kube-time.js';
import type { NodeInstance } from './machine-types.js';

export const UNINITIALIZED_TAINT = 'node.cloudprovider.kubernetes.io/uninitialized';
export const KUBELET_PORT = 10250;
const MAX_PODS = 110;

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface NodeObject {
  metadata: { name: string; uid?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { podCIDR?: string; podCIDRs?: string[]; providerID?: string; taints?: Taint[]; unschedulable?: boolean };
  status?: { conditions?: NodeCondition[]; addresses?: { type: string; address: string }[] };
}

export interface NodeFacts {
  readonly nodeName: string;
  readonly instance: NodeInstance;
  /** The control plane's version (what the kubelet of the same release reports). */
  readonly kubeletVersion: string;
  /** `registerWithTaints` of the KubeletConfiguration. */
  readonly registerWithTaints: readonly Taint[];
}

/** The kubelet's own conditions, healthy: Ready plus the three pressure conditions. */
export function healthyConditions(heartbeat: string, transitions: ReadonlyMap<string, string>): NodeCondition[] {
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: transitions.get(type) ?? heartbeat,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

function nodeInfo(f: NodeFacts): Record<string, string> {
  const arch = instanceCapacity(f.instance.instanceType).architecture;
  return {
    machineID: f.instance.instanceId.replace(/^i-/, '').padEnd(32, '0').slice(0, 32),
    systemUUID: `ec2${f.instance.instanceId.replace(/^i-/, '')}`.padEnd(32, '0').slice(0, 32),
    bootID: f.instance.instanceId,
    kernelVersion: '6.6.0-flatcar',
    osImage: 'Flatcar Container Linux by Kinvolk (kube-aws sandbox)',
    containerRuntimeVersion: 'containerd://1.7.0-sandbox',
    kubeletVersion: f.kubeletVersion,
    operatingSystem: 'linux',
    architecture: arch,
  };
}

/** Status fields the kubelet owns, reported at registration and on every heartbeat. */
export function nodeStatus(f: NodeFacts, heartbeat: string, transitions: ReadonlyMap<string, string>): Record<string, unknown> {
  const cap = instanceCapacity(f.instance.instanceType);
  const capacity = { cpu: String(cap.cpu), memory: `${cap.memoryMiB}Mi`, pods: String(MAX_PODS), 'ephemeral-storage': '30Gi' };
  // The default hard eviction threshold (memory.available<100Mi) is held back from allocatable.
  const allocatable = { ...capacity, memory: `${cap.memoryMiB - 100}Mi`, 'ephemeral-storage': '27Gi' };
  return {
    capacity,
    allocatable,
    conditions: healthyConditions(heartbeat, transitions),
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: nodeInfo(f),
  };
}

/** The Node the kubelet creates at registration. */
export function initialNode(f: NodeFacts, now = new Date()): NodeObject & Record<string, unknown> {
  const arch = instanceCapacity(f.instance.instanceType).architecture;
  const heartbeat = kubeTime(now);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: f.nodeName,
      labels: {
        'kubernetes.io/hostname': f.nodeName,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': arch,
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': arch,
      },
      annotations: {
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'alpha.kubernetes.io/provided-node-ip': f.instance.privateIp,
      },
    },
    spec: {
      taints: [...f.registerWithTaints.map((t) => ({ ...t })), { key: UNINITIALIZED_TAINT, value: 'true', effect: 'NoSchedule' }],
    },
    status: {
      ...nodeStatus(f, heartbeat, new Map()),
      // With an external cloud provider the kubelet reports its --node-ip until the CCM sets EC2's addresses.
      addresses: [
        { type: 'InternalIP', address: f.instance.privateIp },
        { type: 'Hostname', address: f.nodeName },
      ],
    },
  };
}
