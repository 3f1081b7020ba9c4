/**
 * A small JSON client for the Kubernetes REST API over Node's https, used by the sandbox's machines.
 * It dials the real (loopback) address but verifies the server certificate against the cluster CA
 * and the name a real node or user would use, so a wrong SAN or CA fails here as it would on EC2.
 */
import { Agent, request } from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';

import { KubeApiError } from '../errors.js';
import type { ApiServerAddress, ClientCredentials } from './machine-types.js';

export type PatchType = 'merge' | 'strategic' | 'json';

const CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

const REQUEST_TIMEOUT_MS = 15_000;

export class KubeApiClient {
  private readonly agent: Agent;

  constructor(
    readonly address: ApiServerAddress,
    readonly credentials: ClientCredentials,
    private readonly userAgent = 'kube-aws-sandbox',
  ) {
    const serverName = credentials.serverName;
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 8,
      ca: credentials.caPem,
      cert: credentials.certPem,
      key: credentials.keyPem,
      // SNI may not carry an IP address (RFC 6066); the identity check below still uses it.
      ...(isIP(serverName) ? {} : { servername: serverName }),
      checkServerIdentity: (_host, cert) => checkServerIdentity(serverName, cert),
    });
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  /** GET that answers undefined for 404 instead of throwing. */
  async find<T>(path: string): Promise<T | undefined> {
    try {
      return await this.get<T>(path);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown, type: PatchType): Promise<T> {
    return this.send<T>('PATCH', path, body, CONTENT_TYPES[type]);
  }

  delete<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>('DELETE', path, body);
  }

  close(): void {
    this.agent.destroy();
  }

  private send<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          host: this.address.host,
          port: this.address.port,
          method,
          path,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: {
            accept: 'application/json',
            'user-agent': this.userAgent,
            ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              try {
                resolve((text === '' ? {} : JSON.parse(text)) as T);
              } catch {
                reject(new KubeApiError(method, path, status, 'InvalidResponse', 'the answer is not JSON'));
              }
              return;
            }
            reject(statusError(method, path, status, text));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000}s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

function statusError(method: string, path: string, status: number, text: string): KubeApiError {
  try {
    const s = JSON.parse(text) as { reason?: string; message?: string };
    return new KubeApiError(method, path, status, s.reason ?? 'Unknown', s.message ?? text.slice(0, 500));
  } catch {
    return new KubeApiError(method, path, status, 'Unknown', text.trim().slice(0, 500));
  }
}

/** A 401 or 403: the identity is refused, so retrying the same request cannot help. */
export function isAuthError(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && (err.status === 401 || err.status === 403);
}

/** A 409 Conflict (stale resourceVersion) or AlreadyExists. */
export function isConflict(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && err.status === 409;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
