/**
 * The `kind: Config` (clientcmd v1) object, as much of it as kube-aws writes.
 */

export interface KubeconfigCluster {
  readonly name: string;
  readonly cluster: { readonly server: string; readonly 'certificate-authority': string };
}

export interface KubeconfigUser {
  readonly name: string;
  readonly user:
    | { readonly 'client-certificate': string; readonly 'client-key': string }
    | { readonly tokenFile: string };
}

export interface KubeconfigContext {
  readonly name: string;
  readonly context: { readonly cluster: string; readonly user: string; readonly namespace?: string };
}

export interface Kubeconfig {
  readonly apiVersion: 'v1';
  readonly kind: 'Config';
  readonly clusters: readonly KubeconfigCluster[];
  readonly users: readonly KubeconfigUser[];
  readonly contexts: readonly KubeconfigContext[];
  readonly 'current-context': string;
}
