/**
 * The sandbox's stand-in for DNS: which loopback port answers for a cluster's externalDNSName.
 * Written by the machines as control planes come and go, read by the worker's verify activity
 * (`KUBE_AWS_API_ENDPOINTS`) and by {@link writeSandboxKubeconfig}. Server names stay what the
 * cluster says, so TLS is still checked against the name a user would use.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export type ApiEndpoints = Record<string, string>;

export function readApiEndpoints(file: string): ApiEndpoints {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as ApiEndpoints;
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Sets (or with `undefined`, removes) the endpoint of each name. */
export function updateApiEndpoints(file: string, names: readonly string[], endpoint: string | undefined): void {
  const endpoints = readApiEndpoints(file);
  for (const name of names) {
    if (endpoint === undefined) delete endpoints[name];
    else endpoints[name] = endpoint;
  }
  writeAtomically(file, `${JSON.stringify(endpoints, null, 2)}\n`);
}

/**
 * The names clients outside the cluster use for this API server: the DNS names of its serving
 * certificate other than the in-cluster `kubernetes…` ones.
 */
export function externalNames(apiServerCertPem: string | Buffer): string[] {
  const san = new X509Certificate(apiServerCertPem).subjectAltName ?? '';
  return san
    .split(', ')
    .filter((e) => e.startsWith('DNS:'))
    .map((e) => e.slice(4))
    .filter((n) => n !== 'localhost' && n !== 'kubernetes' && !n.startsWith('kubernetes.'));
}

export const SANDBOX_KUBECONFIG = 'kubeconfig.sandbox';

interface KubeconfigClusters {
  clusters?: { name: string; cluster: Record<string, string> }[];
}

/**
 * Writes `<clusterDir>/kubeconfig.sandbox`: the cluster's own kubeconfig (same credentials, same
 * CA) with the server at the sandbox's loopback port and `tls-server-name` set to the name it had.
 * Returns its path, or undefined when no control plane answers for that name yet.
 */
export function writeSandboxKubeconfig(clusterDir: string, endpointsFile: string): string | undefined {
  const config = parse(readFileSync(join(clusterDir, 'kubeconfig'), 'utf8')) as KubeconfigClusters;
  const endpoints = readApiEndpoints(endpointsFile);
  let changed = false;
  for (const { cluster } of config.clusters ?? []) {
    const url = new URL(cluster.server ?? '');
    const endpoint = endpoints[url.hostname];
    if (endpoint === undefined) continue;
    cluster['tls-server-name'] = url.hostname;
    cluster.server = `https://${endpoint}`;
    changed = true;
  }
  if (!changed) return undefined;
  const file = join(clusterDir, SANDBOX_KUBECONFIG);
  writeAtomically(file, `# kube-aws sandbox: the cluster's kubeconfig pointed at its loopback API server.\n${stringify(config)}`);
  return file;
}
