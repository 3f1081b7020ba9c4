/**
 * @kube-aws/machines: the sandbox's EC2 instances booted by running what a node runs. A machine is
 * a root filesystem laid out from the instance's Ignition config, new mount, network and UTS
 * namespaces with the instance metadata service at 169.254.169.254, and a supervisor that boots the
 * config's systemd units with systemd's semantics; the stand-ins for what needs a VM or a
 * container runtime (ctr, the kubelet's start) keep the real tools' semantics.
 */
export { Machine, NODE_API_PORT, NODE_AWS_ENDPOINT } from './node/machine.js';
export { MachineStartError } from './errors.js';
export type { MachineOptions } from './node/machine.js';
export { imageTable } from './node/aws-cli-image.js';
export { createImdsHandler } from './node/imds.js';
export type { InstanceFacts, RoleCredentials } from './node/imds.js';
export { instanceFacts, roleCredentials } from './node/instance-identity.js';
export type { IdentityClients } from './node/instance-identity.js';
export { writeSystemdUnits } from './node/ignition-systemd.js';
export type { IgnitionSystemdUnit } from './node/ignition-systemd.js';
export { kubeletFlags } from './node/kubelet-flags.js';
export type { KubeletFlags } from './node/kubelet-flags.js';
export { FLATCAR_PROGRAMS } from './node/flatcar-programs.js';
export type { UnitStatus } from './systemd/manager.js';
export { ClusterMachines } from './cluster/cluster-machines.js';
export type { ClusterMachinesOptions, ClusterView, MachineState, NodeView } from './cluster/cluster-machines.js';
export { readApiEndpoints, updateApiEndpoints, writeSandboxKubeconfig } from './cluster/api-endpoints.js';
export { machineLog } from './cluster/machine-log.js';
export { startControlPlane } from './cluster/control-plane.js';
export type { ControlPlane } from './cluster/control-plane.js';
export { machineAwsClients } from './cluster/aws-clients.js';
export { writeIgnition, materialiseNode } from './cluster/node-image.js';
export { freePort, isAlive, isOurs, portOpen, spawnService, stopChild, stopPid, waitUntilReady, commandOf } from './processes.js';
export type { SpawnOptions } from './processes.js';
export { KubeApiError, KubeconfigFileError, NodeBootError, NodeBootstrapError, NodeCredentialRejectedError, ServiceStartError } from './errors.js';
