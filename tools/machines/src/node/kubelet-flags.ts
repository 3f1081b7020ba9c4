/** The kubelet flags the sandbox's node agent follows, from the command line kubelet.service started. */
export interface KubeletFlags {
  readonly hostnameOverride?: string;
  readonly nodeIp?: string;
  readonly config?: string;
  readonly kubeconfig?: string;
  readonly bootstrapKubeconfig?: string;
  readonly cloudProvider?: string;
}

/** `--flag=value` and `--flag value`, as the kubelet's pflag parsing accepts them. */
export function kubeletFlags(argv: readonly string[]): KubeletFlags {
  const values = new Map<string, string>();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--')) values.set(a.slice(2), argv[++i] ?? '');
  }
  const get = (k: string): string | undefined => values.get(k) || undefined;
  const flags: Record<string, string | undefined> = {
    hostnameOverride: get('hostname-override'),
    nodeIp: get('node-ip'),
    config: get('config'),
    kubeconfig: get('kubeconfig'),
    bootstrapKubeconfig: get('bootstrap-kubeconfig'),
    cloudProvider: get('cloud-provider'),
  };
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as KubeletFlags;
}
