/**
 * Which TLS assets (file names in `credentials/`) each node role receives, at `/etc/kubernetes/pki/`.
 * Never the CA of etcd's key, never admin: those stay on the user's machine.
 */
import type { NodeRole } from './ignition-types.js';

const pair = (name: string): string[] => [`${name}.pem`, `${name}-key.pem`];

const CONTROLLER_ASSETS: readonly string[] = [
  ...pair('ca'),
  'etcd-ca.pem',
  ...pair('etcd-server'),
  ...pair('etcd-peer'),
  ...pair('apiserver'),
  ...pair('apiserver-kubelet-client'),
  ...pair('apiserver-etcd-client'),
  ...pair('controller-manager'),
  ...pair('scheduler'),
  'service-account-key.pem',
  'service-account.pub',
  // The controller's kubelet bootstraps with the same credential as the workers.
  ...pair('worker'),
].sort();

const WORKER_ASSETS: readonly string[] = ['ca.pem', ...pair('worker')].sort();

/** Sorted file names of the assets a role's node needs. */
export function nodeAssetNames(role: NodeRole): readonly string[] {
  return role === 'controller' ? CONTROLLER_ASSETS : WORKER_ASSETS;
}
