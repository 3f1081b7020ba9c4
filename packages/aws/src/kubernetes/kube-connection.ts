/**
 * Where to connect and which name to verify: the kubeconfig's server as it is, or, with an
 * endpoint override, `https://127.0.0.1:PORT` while still verifying the certificate for the
 * kubeconfig's host (client-node 1.4 passes a cluster's `tlsServerName` to the TLS agent as
 * `servername`, which Node uses both for SNI and for the certificate's name check).
 */
import type { ApiEndpointResolver } from './api-endpoints.js';
import type { ClusterTarget } from './cluster-access.js';

export interface KubeConnection {
  /** The URL requests go to. */
  readonly url: string;
  /** The name the server certificate must be valid for. */
  readonly serverName: string;
  /** Set when the name differs from the URL's host (an override, or the kubeconfig's tls-server-name). */
  readonly tlsServerName?: string;
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

export async function resolveConnection(target: ClusterTarget, resolver?: ApiEndpointResolver): Promise<KubeConnection> {
  const endpoint = resolver ? await resolver(target.serverHost) : undefined;
  let url = target.server;
  if (endpoint) {
    const original = new URL(target.server);
    const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
    url = `https://${host}:${endpoint.port}${original.pathname === '/' ? '' : original.pathname.replace(/\/$/, '')}`;
  }
  return {
    url,
    serverName: target.serverName,
    ...(hostOf(url) === target.serverName ? {} : { tlsServerName: target.serverName }),
  };
}
