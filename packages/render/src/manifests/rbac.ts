/** Small constructors for the RBAC and ServiceAccount objects every addon needs. */
import type { K8sObject } from './k8s-object.js';

export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

export type Subject =
  | { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string }
  | { readonly kind: 'User' | 'Group'; readonly name: string; readonly apiGroup: 'rbac.authorization.k8s.io' };

export const systemSA = (name: string): Subject => ({ kind: 'ServiceAccount', name, namespace: 'kube-system' });
export const group = (name: string): Subject => ({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' });
export const user = (name: string): Subject => ({ kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' });

export function serviceAccount(name: string, namespace = 'kube-system'): K8sObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
}

export function clusterRole(name: string, rules: readonly PolicyRule[]): K8sObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
}

export function clusterRoleBinding(name: string, clusterRoleName: string, subjects: readonly Subject[]): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName },
    subjects,
  };
}

export function role(name: string, namespace: string, rules: readonly PolicyRule[]): K8sObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules };
}

export function roleBinding(name: string, namespace: string, roleRef: { readonly kind: 'Role' | 'ClusterRole'; readonly name: string }, subjects: readonly Subject[]): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

/** A ServiceAccount plus a ClusterRole and its binding, all named `name`. */
export function saWithClusterRole(name: string, clusterRoleName: string, rules: readonly PolicyRule[]): K8sObject[] {
  return [serviceAccount(name), clusterRole(clusterRoleName, rules), clusterRoleBinding(clusterRoleName, clusterRoleName, [systemSA(name)])];
}
