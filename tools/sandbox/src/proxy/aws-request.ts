/**
 * What the proxy needs to know of an incoming AWS request, protocol by protocol: which service
 * (from the SigV4 credential scope, as moto itself routes), which region, which action, and the
 * form parameters of the query protocols (CloudFormation, EC2, Auto Scaling, STS, ELB, IAM).
 */
import type { IncomingHttpHeaders } from 'node:http';

export type Protocol = 'query' | 'ec2' | 'json' | 'rest';

export interface AwsRequest {
  readonly method: string;
  /** Path and query string, as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** `cloudformation`, `ec2`, `kms`, … (SigV4 signing name); `unknown` for unsigned requests. */
  readonly service: string;
  readonly region: string;
  readonly protocol: Protocol;
  /** Query/EC2: the `Action` parameter; JSON: the operation of `X-Amz-Target`; REST: undefined. */
  readonly action?: string;
  /** Form parameters of a query-protocol request (empty otherwise). */
  readonly params: URLSearchParams;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function parseAwsRequest(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): AwsRequest {
  const scope = SCOPE.exec(String(headers.authorization ?? ''));
  const region = scope?.[1] ?? 'us-east-1';
  const contentType = String(headers['content-type'] ?? '');
  const target = headers['x-amz-target'];
  let params = new URLSearchParams();
  if (contentType.startsWith('application/x-www-form-urlencoded')) params = new URLSearchParams(body.toString('utf8'));
  else if (method === 'GET' && url.includes('Action=')) params = new URL(url, 'http://x').searchParams;
  const queryAction = params.get('Action') ?? undefined;
  const service = scope?.[2] ?? (params.get('Version') === '2010-05-15' ? 'cloudformation' : 'unknown');

  if (typeof target === 'string') {
    return { method, url, headers, body, service, region, protocol: 'json', action: target.split('.').pop(), params };
  }
  if (queryAction) {
    return { method, url, headers, body, service, region, protocol: service === 'ec2' ? 'ec2' : 'query', action: queryAction, params };
  }
  return { method, url, headers, body, service, region, protocol: 'rest', params };
}

/** `Prefix.member.N.Field` lists of the query protocol, as objects in N order. */
export function memberList(params: URLSearchParams, prefix: string): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  const head = `${prefix}.member.`;
  for (const [key, value] of params) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf('.');
    const index = Number(dot < 0 ? rest : rest.slice(0, dot));
    const field = dot < 0 ? '' : rest.slice(dot + 1);
    const entry = byIndex.get(index) ?? {};
    entry[field] = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** `Prefix.member.N` string lists. */
export function stringList(params: URLSearchParams, prefix: string): string[] {
  return memberList(params, prefix)
    .map((m) => m[''])
    .filter((v): v is string => v !== undefined);
}

export function boolParam(params: URLSearchParams, name: string): boolean | undefined {
  const v = params.get(name);
  return v === null ? undefined : v.toLowerCase() === 'true';
}
