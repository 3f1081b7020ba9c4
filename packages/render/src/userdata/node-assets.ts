/**
 * Which TLS assets and keys (file names in `credentials/`) each node role receives, at
 * `/etc/kubernetes/pki/`. The list is @kube-aws/pki's (each credential file names the roles that get
 * it), so what `render` makes and what a node is sent cannot drift apart. Never etcd's or the
 * front proxy's CA key, never admin: those stay on the user's machine.
 */
import { credentialFilesForRole } from '@kube-aws/pki';

import type { NodeRole } from './ignition-types.js';

const SORTED: Readonly<Record<NodeRole, readonly string[]>> = {
  controller: [...credentialFilesForRole('controller')].sort(),
  worker: [...credentialFilesForRole('worker')].sort(),
};

/** Sorted file names of the assets a role's node needs. */
export function nodeAssetNames(role: NodeRole): readonly string[] {
  return SORTED[role];
}
