/**
 * Kubeconfigs that live on the nodes (`/etc/kubernetes/*.conf`) or in kube-system ConfigMaps.
 * They reference credential files by absolute path; no key material is ever inlined.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { stringify } from 'yaml';

import type { NodeRole } from '../userdata/ignition-types.js';
import type { Kubeconfig } from './kubeconfig-types.js';

/** Where TLS assets land on a node (after decryption). */
export const NODE_PKI_DIR = '/etc/kubernetes/pki';

/** A control-plane client talks to its local API server; a worker to the controller's fixed private IP. */
export function apiServerUrl(config: ClusterConfig, role: NodeRole): string {
  return role === 'controller' ? 'https://127.0.0.1:443' : `https://${config.controllerIP}:443`;
}

export type NodeKubeconfigCredential =
  | { readonly clientCertificate: string; readonly clientKey: string }
  | { readonly tokenFile: string };

export interface NodeKubeconfigSpec {
  /** User (and context) name, e.g. `system:kube-scheduler`. */
  readonly user: string;
  readonly server: string;
  readonly certificateAuthority: string;
  readonly credential: NodeKubeconfigCredential;
}

/** One cluster, one user, one context named `default`. */
export function nodeKubeconfig(spec: NodeKubeconfigSpec): Kubeconfig {
  const user =
    'tokenFile' in spec.credential
      ? { tokenFile: spec.credential.tokenFile }
      : { 'client-certificate': spec.credential.clientCertificate, 'client-key': spec.credential.clientKey };
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubernetes', cluster: { server: spec.server, 'certificate-authority': spec.certificateAuthority } }],
    users: [{ name: spec.user, user }],
    contexts: [{ name: 'default', context: { cluster: 'kubernetes', user: spec.user } }],
    'current-context': 'default',
  };
}

export function buildNodeKubeconfig(spec: NodeKubeconfigSpec): string {
  return stringify(nodeKubeconfig(spec));
}

/** A kubeconfig authenticating with the `<name>.pem` / `<name>-key.pem` pair in {@link NODE_PKI_DIR}. */
export function buildCertKubeconfig(config: ClusterConfig, role: NodeRole, user: string, credentialName: string): string {
  return buildNodeKubeconfig({
    user,
    server: apiServerUrl(config, role),
    certificateAuthority: `${NODE_PKI_DIR}/ca.pem`,
    credential: { clientCertificate: `${NODE_PKI_DIR}/${credentialName}.pem`, clientKey: `${NODE_PKI_DIR}/${credentialName}-key.pem` },
  });
}

/**
 * kube-proxy's kubeconfig (kept in the `kube-proxy` ConfigMap): its ServiceAccount token against the
 * controller's private IP, because the `kubernetes` ClusterIP needs kube-proxy to work first.
 */
export function buildKubeProxyKubeconfig(config: ClusterConfig): string {
  return buildNodeKubeconfig({
    user: 'kube-proxy',
    server: `https://${config.controllerIP}:443`,
    certificateAuthority: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    credential: { tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
  });
}
