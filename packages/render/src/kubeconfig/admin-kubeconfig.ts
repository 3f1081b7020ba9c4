/**
 * The user's `kubeconfig`, written next to cluster.yaml by `kube-aws render` (kube-aws's
 * kubeconfig.tmpl, with the same names). Paths stay relative so the asset directory can move.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { stringify } from 'yaml';

import type { Kubeconfig } from './kubeconfig-types.js';

export interface AdminKubeconfigOptions {
  /** Directory holding ca.pem, admin.pem and admin-key.pem, relative to the kubeconfig. */
  readonly credentialsDir?: string;
}

/** The admin kubeconfig object (see {@link buildAdminKubeconfig} for the YAML). */
export function adminKubeconfig(config: ClusterConfig, opts: AdminKubeconfigOptions = {}): Kubeconfig {
  const dir = (opts.credentialsDir ?? 'credentials').replace(/\/+$/, '');
  const cluster = `kube-aws-${config.clusterName}-cluster`;
  const user = `kube-aws-${config.clusterName}-admin`;
  const context = `kube-aws-${config.clusterName}-context`;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: `https://${config.externalDNSName}`, 'certificate-authority': `${dir}/ca.pem` } }],
    users: [{ name: user, user: { 'client-certificate': `${dir}/admin.pem`, 'client-key': `${dir}/admin-key.pem` } }],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
  };
}

/** The admin kubeconfig as YAML, byte-stable for a given config. */
export function buildAdminKubeconfig(config: ClusterConfig, opts: AdminKubeconfigOptions = {}): string {
  return stringify(adminKubeconfig(config, opts));
}
