/**
 * The EC2 instance metadata service for one sandbox machine, with IMDS's documented behaviour for
 * what a node reads:
 * - IMDSv2: `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds` (1–21600, else 400)
 *   returns a token; a PUT carrying `X-Forwarded-For` is refused (403), as IMDS refuses proxied
 *   token requests; GETs with `X-aws-ec2-metadata-token` need a valid, unexpired token (401);
 *   without one they are allowed only when the instance's HttpTokens is `optional` (IMDSv1);
 * - `/latest/meta-data/…`: instance-id, instance-type, ami-id, local-ipv4, local-hostname,
 *   hostname, mac, placement/region, placement/availability-zone, iam/info,
 *   iam/security-credentials/ and …/<role> (the instance role's credentials, taken from STS
 *   AssumeRole with the instance id as session name), directory listings; 404 for the rest;
 * - `/latest/dynamic/instance-identity/document`; `/latest/user-data`.
 * The hop limit cannot be observed here (every request comes through the machine's loopback
 * relay): README "where the sandbox differs".
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface InstanceFacts {
  readonly instanceId: string;
  readonly instanceType: string;
  readonly imageId: string;
  readonly privateIp: string;
  readonly privateDnsName: string;
  readonly mac: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly accountId: string;
  /** `required` (IMDSv2 only) or `optional`. */
  readonly httpTokens: 'required' | 'optional';
  readonly userData?: Buffer;
  /** The instance profile's ARN and its role's name, when the instance has one. */
  readonly instanceProfileArn?: string;
  readonly roleName?: string;
  readonly roleArn?: string;
}

export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly token: string;
  readonly expiration: Date;
}

export interface ImdsOptions {
  readonly facts: InstanceFacts;
  /** The instance role's current credentials (cached by the caller). */
  credentials(): Promise<RoleCredentials>;
  readonly now?: () => number;
}

const MAX_TTL = 21_600;

export function createImdsHandler(o: ImdsOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const tokens = new Map<string, number>();
  const now = o.now ?? Date.now;
  const f = o.facts;

  const send = (res: ServerResponse, status: number, body: string, type = 'text/plain'): void => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), Server: 'EC2ws' });
    res.end(body);
  };

  const metaData = async (path: string): Promise<string | undefined> => {
    const leaves: Record<string, string> = {
      'instance-id': f.instanceId,
      'instance-type': f.instanceType,
      'ami-id': f.imageId,
      'local-ipv4': f.privateIp,
      'local-hostname': f.privateDnsName,
      hostname: f.privateDnsName,
      mac: f.mac,
      'placement/region': f.region,
      'placement/availability-zone': f.availabilityZone,
    };
    if (path in leaves) return leaves[path];
    if (path === '') return ['ami-id', 'hostname', 'iam/', 'instance-id', 'instance-type', 'local-hostname', 'local-ipv4', 'mac', 'placement/'].join('\n');
    if (path === 'placement' || path === 'placement/') return 'availability-zone\nregion';
    if (!f.roleName) return undefined;
    if (path === 'iam' || path === 'iam/') return 'info\nsecurity-credentials/';
    if (path === 'iam/info') {
      return JSON.stringify({ Code: 'Success', LastUpdated: new Date(now()).toISOString(), InstanceProfileArn: f.instanceProfileArn, InstanceProfileId: 'AIPA' + f.instanceId.slice(2).toUpperCase() }, null, 2);
    }
    if (path === 'iam/security-credentials' || path === 'iam/security-credentials/') return f.roleName;
    if (path === `iam/security-credentials/${f.roleName}`) {
      const c = await o.credentials();
      return JSON.stringify(
        { Code: 'Success', LastUpdated: new Date(now()).toISOString(), Type: 'AWS-HMAC', AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.token, Expiration: c.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z') },
        null,
        2,
      );
    }
    return undefined;
  };

  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://169.254.169.254');
      const path = url.pathname;
      if (req.method === 'PUT') {
        if (path !== '/latest/api/token') return send(res, 405, 'Method Not Allowed');
        if (req.headers['x-forwarded-for'] !== undefined) return send(res, 403, 'Forbidden');
        const ttl = Number(req.headers['x-aws-ec2-metadata-token-ttl-seconds']);
        if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL) return send(res, 400, 'Bad Request');
        const token = randomBytes(32).toString('base64url');
        tokens.set(token, now() + ttl * 1000);
        res.setHeader('X-Aws-Ec2-Metadata-Token-Ttl-Seconds', String(ttl));
        return send(res, 200, token);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed');
      const token = req.headers['x-aws-ec2-metadata-token'];
      if (typeof token === 'string') {
        const expires = tokens.get(token);
        if (expires === undefined || expires < now()) return send(res, 401, 'Unauthorized');
      } else if (f.httpTokens === 'required') {
        return send(res, 401, 'Unauthorized');
      }
      if (path === '/latest/user-data') return f.userData ? send(res, 200, f.userData.toString('utf8'), 'application/octet-stream') : send(res, 404, 'Not Found');
      if (path === '/latest/dynamic/instance-identity/document') {
        return send(
          res,
          200,
          JSON.stringify({ accountId: f.accountId, architecture: 'x86_64', availabilityZone: f.availabilityZone, imageId: f.imageId, instanceId: f.instanceId, instanceType: f.instanceType, privateIp: f.privateIp, region: f.region, version: '2017-09-30' }, null, 2),
          'application/json',
        );
      }
      const prefix = '/latest/meta-data/';
      if (path === '/latest/meta-data' || path.startsWith(prefix)) {
        const body = await metaData(path.slice(prefix.length).replace(/^\/+/, ''));
        return body === undefined ? send(res, 404, 'Not Found') : send(res, 200, body);
      }
      return send(res, 404, 'Not Found');
    })().catch((err: unknown) => send(res, 500, (err as Error).message));
  };
}
