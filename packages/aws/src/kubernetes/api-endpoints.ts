/**
 * Endpoint overrides for the API server: where to connect instead of the kubeconfig's host, while
 * still verifying the server certificate for that host's name. The sandbox runs each cluster's
 * API server on 127.0.0.1 at a random port, and its DNS name resolves nowhere; the override lets
 * `verify` reach it with the very kubeconfig the user gets, TLS verification included.
 */
import { readFile } from 'node:fs/promises';

export interface ApiEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Where to connect for a kubeconfig server's host name (`kube.example.com`); undefined means
 * "connect to the kubeconfig's server as it is". Asked on every attempt, so a control plane that
 * restarts on another port is found again.
 */
export type ApiEndpointResolver = (serverHost: string) => Promise<ApiEndpoint | undefined>;

/** `127.0.0.1:6443` → { host, port }; undefined when it is not `host:port`. */
export function parseEndpoint(text: string): ApiEndpoint | undefined {
  const match = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { host: match[1] as string, port } : undefined;
}

/**
 * The resolver of the worker's `KUBE_AWS_API_ENDPOINTS`: a JSON file `{ "<host>": "127.0.0.1:PORT" }`,
 * read again on every call. A missing file or entry means no override; a file that is not such
 * an object is an error naming the file (a sandbox bug that must not pass as "no override").
 */
export function apiEndpointsFile(path: string): ApiEndpointResolver {
  return async (serverHost) => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`KUBE_AWS_API_ENDPOINTS file ${path} is not JSON; it must map API server host names to "127.0.0.1:PORT"`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`KUBE_AWS_API_ENDPOINTS file ${path} must be a JSON object mapping API server host names to "127.0.0.1:PORT"`);
    }
    const entry = (parsed as Record<string, unknown>)[serverHost];
    if (entry === undefined) return undefined;
    const endpoint = typeof entry === 'string' ? parseEndpoint(entry) : undefined;
    if (!endpoint) throw new Error(`KUBE_AWS_API_ENDPOINTS file ${path}: the entry for ${serverHost} must be "host:port", got ${JSON.stringify(entry)}`);
    return endpoint;
  };
}
