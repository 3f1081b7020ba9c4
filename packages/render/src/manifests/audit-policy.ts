/**
 * kube-apiserver's audit policy and log, as kubeadm's documentation and kops ship them: every
 * request recorded at `Metadata` level (who, what, which object, when, from where, the answer's
 * code; never a body), except the system components' constant reads, node heartbeats, health checks
 * and Events, which would drown the rest. Secrets, ConfigMaps, service-account tokens and token
 * reviews carry credentials in their bodies, so they are pinned to `Metadata` before any exception,
 * whoever asks. The log is JSON lines on the controller, rotated by size by kube-apiserver itself.
 */
import { stringify } from 'yaml';

/** On-node path of the policy (a file of its own: the kubelet would read anything in the manifests directory as a pod). */
export const AUDIT_POLICY_PATH = '/etc/kubernetes/audit/policy.yaml';
/** The log's directory, mounted read-write into kube-apiserver; 0700 on the node, since the log names every Secret read. */
export const AUDIT_LOG_DIR = '/var/log/kubernetes/audit';
export const AUDIT_LOG_PATH = `${AUDIT_LOG_DIR}/audit.log`;

/**
 * Rotation (`--audit-log-max*`): a file is rotated at 100 MB and at most 5 rotated files of at most
 * 30 days are kept, so the log never takes more than about 600 MB of the controller's root volume
 * (30 GiB by default). Ship it elsewhere for longer retention.
 */
export const AUDIT_LOG_ROTATION = { maxSizeMB: 100, maxBackups: 5, maxAgeDays: 30 } as const;

const CORE = '';
const readOnly = ['get', 'list', 'watch'];
/** Identities whose reads are routine: the control plane, kube-proxy, kubelets, kube-system's controllers and addons. */
const SYSTEM_USERS = ['system:apiserver', 'system:kube-controller-manager', 'system:kube-scheduler', 'system:kube-proxy'];
const SYSTEM_GROUPS = ['system:nodes', 'system:serviceaccounts:kube-system'];

/** The Policy object (audit.k8s.io/v1). Rules are matched in order; the first match decides. */
export function auditPolicy(): Record<string, unknown> {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    // Every request also has a ResponseComplete (or Panic) event; RequestReceived only doubles the volume.
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics'] },
      // Events are a record already; auditing them doubles every one.
      { level: 'None', resources: [{ group: CORE, resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
      // Credentials: who touched them is always recorded, what they hold never is.
      {
        level: 'Metadata',
        resources: [
          { group: CORE, resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
          { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
        ],
      },
      { level: 'None', users: SYSTEM_USERS, verbs: readOnly },
      { level: 'None', userGroups: SYSTEM_GROUPS, verbs: readOnly },
      // Node heartbeats and leader election renew a Lease every few seconds.
      { level: 'None', userGroups: ['system:nodes'], verbs: ['update', 'patch'], resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }] },
      { level: 'None', users: SYSTEM_USERS, verbs: ['update', 'patch'], resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }] },
      { level: 'Metadata' },
    ],
  };
}

export function auditPolicyYaml(): string {
  return stringify(auditPolicy(), { lineWidth: 0 });
}
