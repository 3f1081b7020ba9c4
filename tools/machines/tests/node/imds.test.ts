/** The instance metadata emulator against IMDS's documented behaviour (EC2 User Guide, "Use IMDSv2"). */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createImdsHandler } from '../../src/node/imds.js';
import type { InstanceFacts } from '../../src/node/imds.js';

const facts: InstanceFacts = {
  instanceId: 'i-0abc',
  instanceType: 't3.medium',
  imageId: 'ami-1',
  privateIp: '10.0.0.51',
  privateDnsName: 'ip-10-0-0-51.us-west-1.compute.internal',
  mac: '0e:00:00:00:00:01',
  region: 'us-west-1',
  availabilityZone: 'us-west-1c',
  accountId: '123456789012',
  httpTokens: 'required',
  roleName: 'kube-cluster-IAMRoleWorker',
  roleArn: 'arn:aws:iam::123456789012:role/kube-cluster-IAMRoleWorker',
  instanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/p',
};

function serve(f: InstanceFacts, now: () => number): Promise<{ server: Server; url: string }> {
  const server = createServer(
    createImdsHandler({ facts: f, now, credentials: async () => ({ accessKeyId: 'ASIA1', secretAccessKey: 's', token: 't', expiration: new Date('2030-01-01T00:00:00Z') }) }),
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('IMDS emulator', () => {
  let clock = 1_000_000;
  let required: { server: Server; url: string };
  let optional: { server: Server; url: string };
  before(async () => {
    required = await serve(facts, () => clock);
    optional = await serve({ ...facts, httpTokens: 'optional' }, () => clock);
  });
  after(() => {
    required.server.close();
    optional.server.close();
  });

  const token = async (url: string, ttl = '60', headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${url}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': ttl, ...headers } });

  test('a token is issued for a TTL of 1 to 21600 seconds, and refused outside it or when proxied', async () => {
    const ok = await token(required.url);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '60');
    assert.equal((await token(required.url, '0')).status, 400);
    assert.equal((await token(required.url, '21601')).status, 400);
    assert.equal((await token(required.url, '60', { 'X-Forwarded-For': '10.1.1.1' })).status, 403);
  });

  test('with HttpTokens=required a read needs a valid, unexpired token', async () => {
    const t = await (await token(required.url)).text();
    const get = (headers: Record<string, string> = {}) => fetch(`${required.url}/latest/meta-data/local-ipv4`, { headers });
    assert.equal((await get()).status, 401);
    assert.equal((await get({ 'X-aws-ec2-metadata-token': 'forged' })).status, 401);
    const r = await get({ 'X-aws-ec2-metadata-token': t });
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '10.0.0.51');
    clock += 61_000;
    assert.equal((await get({ 'X-aws-ec2-metadata-token': t })).status, 401, 'the token expired');
  });

  test('with HttpTokens=optional IMDSv1 reads work', async () => {
    assert.equal(await (await fetch(`${optional.url}/latest/meta-data/placement/region`)).text(), 'us-west-1');
  });

  test('the role credentials are the instance role\'s, as the SDKs expect them', async () => {
    const t = await (await token(required.url)).text();
    const h = { 'X-aws-ec2-metadata-token': t };
    assert.equal(await (await fetch(`${required.url}/latest/meta-data/iam/security-credentials/`, { headers: h })).text(), 'kube-cluster-IAMRoleWorker');
    const creds = (await (await fetch(`${required.url}/latest/meta-data/iam/security-credentials/kube-cluster-IAMRoleWorker`, { headers: h })).json()) as Record<string, string>;
    assert.equal(creds.Code, 'Success');
    assert.equal(creds.AccessKeyId, 'ASIA1');
    assert.equal(creds.Expiration, '2030-01-01T00:00:00Z');
    assert.equal((await fetch(`${required.url}/latest/meta-data/iam/security-credentials/other-role`, { headers: h })).status, 404);
    const doc = (await (await fetch(`${required.url}/latest/dynamic/instance-identity/document`, { headers: h })).json()) as Record<string, string>;
    assert.equal(doc.instanceId, 'i-0abc');
    assert.equal(doc.accountId, '123456789012');
  });
});
