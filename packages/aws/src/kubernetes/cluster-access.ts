/**
 * What `verify` talks to the cluster with, read from the asset store: the API server and CA of the
 * rendered admin kubeconfig's current context, and the client credentials (certificate and key
 * PEMs). Files are read through the store, so an `s3://` cluster works as a directory one does;
 * the kubeconfig's relative paths (`credentials/admin.pem`) are relative to the cluster directory.
 */
import { posix } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { AssetStore } from '../assets/asset-store.js';
import { AssetsMissingError, KubeconfigInvalidError } from '../errors.js';

export const KUBECONFIG_PATH = 'kubeconfig';

/** The API server as the kubeconfig names it. */
export interface ClusterTarget {
  /** `https://kube.example.com` (as written). */
  readonly server: string;
  /** The URL's host name: the key of an endpoint override. */
  readonly serverHost: string;
  /** The name the certificate must be valid for: the kubeconfig's `tls-server-name`, else the host. */
  readonly serverName: string;
  /** Where the CA came from, for messages (`credentials/ca.pem`). */
  readonly caFile: string;
  readonly caPem: string;
}

/** A client certificate credential. Holds key material: never log it, never return it. */
export interface ClientCredential {
  /** The file named in messages and reports (`kubeconfig`, `credentials/worker.pem`). */
  readonly file: string;
  readonly what: string;
  /** The certificate's own file (the kubeconfig's `client-certificate`), for diagnosing a rejection. */
  readonly certFile: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** A group the API server must put it in (the worker bootstrap credential: system:bootstrappers). */
  readonly requiredGroup?: string;
}

export interface ClusterAccess {
  readonly target: ClusterTarget;
  readonly admin: ClientCredential;
}

const decoder = new TextDecoder();

/** A path the kubeconfig names, as an asset path; only paths inside the cluster directory. */
function assetPathOf(path: string): string {
  const normal = posix.normalize(path);
  if (posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../')) {
    throw new KubeconfigInvalidError(`it names ${path}, outside the cluster directory; kube-aws reads credentials relative to the cluster directory (as render writes them)`);
  }
  return normal;
}

export async function readAsset(store: AssetStore, path: string): Promise<string> {
  const bytes = await store.readFile(path);
  if (bytes === undefined) throw new AssetsMissingError(store.uri, path);
  return decoder.decode(bytes);
}

/** Inline `*-data` (base64) or a file relative to the cluster directory. */
async function fileOrData(store: AssetStore, file: string | undefined, data: string | undefined, what: string): Promise<{ source: string; pem: string }> {
  if (data) return { source: `kubeconfig (${what}-data)`, pem: Buffer.from(data, 'base64').toString('utf8') };
  if (!file) throw new KubeconfigInvalidError(`its current context has no ${what}`);
  const path = assetPathOf(file);
  return { source: path, pem: await readAsset(store, path) };
}

function parseKubeconfig(text: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromString(text);
  } catch (error) {
    throw new KubeconfigInvalidError(`it is not a valid kubeconfig (${(error as Error).message.split('\n')[0]})`);
  }
  return config;
}

/** The kubeconfig's current context: server, CA and the admin client certificate. */
export async function readClusterAccess(store: AssetStore): Promise<ClusterAccess> {
  const config = parseKubeconfig(await readAsset(store, KUBECONFIG_PATH));
  const cluster = config.getCurrentCluster();
  const user = config.getCurrentUser();
  if (!cluster || !user) throw new KubeconfigInvalidError(`current-context "${config.getCurrentContext()}" does not name a cluster and a user`);

  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw new KubeconfigInvalidError(`server "${cluster.server}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new KubeconfigInvalidError(`server ${cluster.server} is not https://; verify talks to the API server over TLS only`);
  const serverHost = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const ca = await fileOrData(store, cluster.caFile, cluster.caData, 'certificate-authority');
  const cert = await fileOrData(store, user.certFile, user.certData, 'client-certificate');
  const key = await fileOrData(store, user.keyFile, user.keyData, 'client-key');
  return {
    target: {
      server: cluster.server,
      serverHost,
      serverName: cluster.tlsServerName || serverHost,
      caFile: ca.source,
      caPem: ca.pem,
    },
    admin: { file: KUBECONFIG_PATH, what: 'the admin credential', certFile: cert.source, certPem: cert.pem, keyPem: key.pem },
  };
}

/** A rendered client certificate (`credentials/<name>.pem` with `credentials/<name>-key.pem`). */
export async function readClientCredential(store: AssetStore, certFile: string, what: string, requiredGroup?: string): Promise<ClientCredential> {
  const keyFile = certFile.replace(/\.pem$/, '-key.pem');
  return {
    file: certFile,
    what,
    certFile,
    certPem: await readAsset(store, certFile),
    keyPem: await readAsset(store, keyFile),
    ...(requiredGroup === undefined ? {} : { requiredGroup }),
  };
}
