/**
 * Reads a kubeconfig that lives on a node root (`<root>/etc/kubernetes/bootstrap-kubelet.conf`):
 * its server, CA and client credential. File references that are absolute on the node
 * (`/etc/kubernetes/pki/worker.pem`) are read below the root, as the node would read them.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

import { KubeconfigFileError } from '../errors.js';

export interface NodeKubeconfig {
  /** On-node path of the kubeconfig. */
  readonly file: string;
  readonly server: URL;
  /** The host the server certificate must name (`10.0.0.50`, `127.0.0.1`, a DNS name). */
  readonly serverName: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** On-node path of the client certificate (or `<file>#client-certificate-data` when inline). */
  readonly certFile: string;
}

interface RawKubeconfig {
  'current-context'?: string;
  contexts?: { name: string; context?: { cluster?: string; user?: string } }[];
  clusters?: { name: string; cluster?: Record<string, string | undefined> }[];
  users?: { name: string; user?: Record<string, string | undefined> }[];
}

/** `onNodePath` is absolute on the node (`/etc/kubernetes/bootstrap-kubelet.conf`). */
export function readNodeKubeconfig(root: string, onNodePath: string): NodeKubeconfig {
  const fail = (problem: string): never => {
    throw new KubeconfigFileError(onNodePath, problem);
  };
  const read = (onNode: string, what: string): string => {
    try {
      return readFileSync(join(root, onNode), 'utf8');
    } catch (err) {
      return fail(`cannot read its ${what} ${onNode} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  };
  const raw = parse(read(onNodePath, 'file itself')) as RawKubeconfig | null;
  if (!raw || typeof raw !== 'object') return fail('it is empty or not YAML');
  const ctxName = raw['current-context'];
  const ctx = raw.contexts?.find((c) => c.name === ctxName)?.context;
  const cluster = raw.clusters?.find((c) => c.name === (ctx?.cluster ?? raw.clusters?.[0]?.name))?.cluster;
  const user = raw.users?.find((u) => u.name === (ctx?.user ?? raw.users?.[0]?.name))?.user;
  if (!cluster?.server) return fail('it names no cluster server');
  if (!user) return fail('it names no user');
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    return fail(`its server "${cluster.server}" is not a URL`);
  }
  const ref = (p: string): string => (isAbsolute(p) ? p : join(dirname(onNodePath), p));
  const pem = (data: string | undefined, file: string | undefined, what: string): [string, string] => {
    if (data) return [Buffer.from(data, 'base64').toString('utf8'), `${onNodePath}#${what}-data`];
    if (file) return [read(ref(file), what), ref(file)];
    return fail(`it has no ${what}`);
  };
  const [caPem] = pem(cluster['certificate-authority-data'], cluster['certificate-authority'], 'certificate-authority');
  const [certPem, certFile] = pem(user['client-certificate-data'], user['client-certificate'], 'client-certificate');
  const [keyPem] = pem(user['client-key-data'], user['client-key'], 'client-key');
  const serverName = cluster['tls-server-name'] ?? server.hostname.replace(/^\[|\]$/g, '');
  return { file: onNodePath, server, serverName, caPem, certPem, keyPem, certFile };
}
