/**
 * Reads a key straight from etcd, behind the API server's back, as someone holding etcd's data or
 * an etcd client certificate would: etcd's v3 gRPC gateway (`POST /v3/kv/range`, JSON with base64
 * keys and values) over HTTPS with the API server's own etcd client certificate, the server checked
 * against etcd's CA. etcdctl is not built for the sandbox; this needs nothing but node:https.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export interface EtcdAccess {
  readonly port: number;
  /** The controller's decrypted pki directory (etcd-ca.pem, apiserver-etcd-client*.pem). */
  readonly pkiDir: string;
}

/** The value stored under `key`, or undefined when etcd has no such key. */
export function etcdGet(o: EtcdAccess, key: string): Promise<Buffer | undefined> {
  const body = JSON.stringify({ key: Buffer.from(key).toString('base64') });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: o.port,
        method: 'POST',
        path: '/v3/kv/range',
        ca: readFileSync(join(o.pkiDir, 'etcd-ca.pem')),
        cert: readFileSync(join(o.pkiDir, 'apiserver-etcd-client.pem')),
        key: readFileSync(join(o.pkiDir, 'apiserver-etcd-client-key.pem')),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`etcd answered ${res.statusCode ?? '?'} to a range of ${key}: ${text.slice(0, 200)}`));
          const out = JSON.parse(text) as { kvs?: { value?: string }[] };
          const value = out.kvs?.[0]?.value;
          resolve(value === undefined ? undefined : Buffer.from(value, 'base64'));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`etcd on 127.0.0.1:${o.port} did not answer in 10s`)));
    req.on('error', reject);
    req.end(body);
  });
}
