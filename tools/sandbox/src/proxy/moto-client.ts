/**
 * The proxy's line to moto: forwards a request byte for byte (headers too: moto routes by the
 * SigV4 scope and builds URLs from Host), and makes the proxy's own CloudFormation calls.
 */
import { Agent, request } from 'node:http';
import type { AwsRequest } from './aws-request.js';
import type { ProxyResponse } from './responses.js';
import { childText } from './xml.js';

/** Hop-by-hop headers a proxy must not pass on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

export interface CfnCallResult {
  readonly ok: boolean;
  readonly status: number;
  readonly body: string;
  /** Error code and message when not ok. */
  readonly code?: string;
  readonly message?: string;
}

export class MotoClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });
  private readonly base: URL;

  constructor(readonly url: string) {
    this.base = new URL(url);
  }

  forward(req: AwsRequest): Promise<ProxyResponse> {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    }
    headers['content-length'] = String(req.body.length);
    return this.send(req.method, req.url, headers, req.body);
  }

  /** A CloudFormation call of the proxy's own, signed (unverified, as moto does not check) for `region`. */
  cfn(region: string, action: string, params: Readonly<Record<string, string>>): Promise<CfnCallResult> {
    return this.query(region, 'cloudformation', '2010-05-15', action, params);
  }

  /** An EC2 call of the proxy's own (the sweep after a delete moto gave up on). */
  ec2(region: string, action: string, params: Readonly<Record<string, string>>): Promise<CfnCallResult> {
    return this.query(region, 'ec2', '2016-11-15', action, params);
  }

  private async query(region: string, service: string, version: string, action: string, params: Readonly<Record<string, string>>): Promise<CfnCallResult> {
    const body = Buffer.from(new URLSearchParams({ Action: action, Version: version, ...params }).toString());
    const res = await this.send(
      'POST',
      '/',
      {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(body.length),
        authorization: `AWS4-HMAC-SHA256 Credential=sandbox/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        host: this.base.host,
      },
      body,
    );
    const text = res.body.toString('utf8');
    const ok = res.status < 300;
    return ok ? { ok, status: res.status, body: text } : { ok, status: res.status, body: text, code: childText(text, 'Code') ?? 'Unknown', message: childText(text, 'Message') ?? text };
  }

  /** An object from moto's S3 (path style, unsigned), for templates given by TemplateURL. */
  async s3Object(bucket: string, key: string): Promise<string | undefined> {
    const res = await this.send('GET', `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, { host: this.base.host }, Buffer.alloc(0));
    return res.status === 200 ? res.body.toString('utf8') : undefined;
  }

  async reset(): Promise<void> {
    const res = await this.send('POST', '/moto-api/reset', { host: this.base.host, 'content-length': '0' }, Buffer.alloc(0));
    if (res.status !== 200) throw new Error(`moto reset answered HTTP ${res.status}`);
  }

  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, headers: Record<string, string | string[]>, body: Buffer): Promise<ProxyResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        { protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
            }
            resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
