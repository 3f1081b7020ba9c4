/**
 * Byte relays between a machine's network namespace and the host. A unix socket is a file, so it
 * crosses network namespaces: inside the machine a TCP listener (169.254.169.254:80, the AWS
 * endpoint, the controller's 127.0.0.1:443) forwards to a socket file, and on the host that socket
 * file forwards to the service's TCP port or is served directly (IMDS).
 */
import { rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export type Target = { readonly path: string } | { readonly host: string; readonly port: number } | (() => { host: string; port: number } | undefined);

function connect(target: Target): Socket | undefined {
  if (typeof target === 'function') {
    const t = target();
    return t ? createConnection(t.port, t.host) : undefined;
  }
  return 'path' in target ? createConnection(target.path) : createConnection(target.port, target.host);
}

function pipe(client: Socket, target: Target): void {
  const upstream = connect(target);
  if (!upstream) {
    client.destroy();
    return;
  }
  client.pipe(upstream).pipe(client);
  const close = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.on('close', close);
  upstream.on('close', close);
}

/** Listens on a TCP address and forwards each connection to `target`. */
export function tcpRelay(host: string, port: number, target: Target): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((c) => pipe(c, target));
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Listens on a unix socket file and forwards each connection to `target`. */
export function unixRelay(path: string, target: Target): Promise<Server> {
  rmSync(path, { force: true });
  return new Promise((resolve, reject) => {
    const server = createServer((c) => pipe(c, target));
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}
