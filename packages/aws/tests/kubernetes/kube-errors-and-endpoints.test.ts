// How verify reads a failed request (wait, or fail at once) and the endpoint-override file.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiException } from '@kubernetes/client-node';
import { apiEndpointsFile, parseEndpoint } from '../../src/kubernetes/api-endpoints.js';
import { resolveConnection } from '../../src/kubernetes/kube-connection.js';
import { viewKubeError } from '../../src/kubernetes/kube-error.js';

const WHERE = { url: 'https://kube.example.com', serverName: 'kube.example.com' };
/** node-fetch's FetchError: the system error's code copied, its message after "reason:". */
const fetchError = (code: string, reason: string) => Object.assign(new Error(`request to https://kube.example.com/api/v1/nodes failed, reason: ${reason}`), { name: 'FetchError', code, type: 'system' });

describe('viewKubeError', () => {
  it('waits on DNS, refused connections, resets, timeouts, 5xx and 429, saying why', () => {
    const dns = viewKubeError(fetchError('ENOTFOUND', 'getaddrinfo ENOTFOUND kube.example.com'), WHERE);
    assert.deepEqual(dns, { kind: 'unreachable', cause: 'kube.example.com does not resolve (ENOTFOUND): its DNS record may not have propagated yet' });
    assert.equal(viewKubeError(fetchError('EAI_AGAIN', 'x'), WHERE).kind, 'unreachable');
    assert.match(viewKubeError(fetchError('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:443'), WHERE).cause, /connection refused by kube\.example\.com \(ECONNREFUSED\)/);
    assert.deepEqual(viewKubeError(fetchError('ECONNRESET', 'socket hang up'), WHERE), { kind: 'unreachable', cause: 'ECONNRESET: socket hang up' });
    const abort = Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' });
    assert.deepEqual(viewKubeError(abort, WHERE), { kind: 'unreachable', cause: 'no answer from https://kube.example.com in time' });
    const unavailable = viewKubeError(new ApiException(503, 'Service Unavailable', { kind: 'Status', message: 'etcd cluster is unavailable or misconfigured' }, {}), WHERE);
    assert.deepEqual(unavailable, { kind: 'unreachable', status: 503, cause: 'the API server answered HTTP 503: etcd cluster is unavailable or misconfigured' });
    assert.equal(viewKubeError(new ApiException(429, 'Too Many', '', {}), WHERE).kind, 'unreachable');
  });

  it('fails on 401, 403 and a certificate that does not verify', () => {
    assert.deepEqual(viewKubeError(new ApiException(401, 'Unauthorized', { kind: 'Status', message: 'Unauthorized' }, {}), WHERE), { kind: 'unauthorized', status: 401, cause: 'HTTP 401: Unauthorized' });
    assert.equal(viewKubeError(new ApiException(403, 'Forbidden', '{"message":"nodes is forbidden"}', {}), WHERE).cause, 'HTTP 403: nodes is forbidden');
    const tls = viewKubeError(fetchError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: Host: wrong.example.com. is not in the cert's altnames: DNS:kube.example.com"), WHERE);
    assert.equal(tls.kind, 'untrusted');
    assert.match(tls.cause, /^ERR_TLS_CERT_ALTNAME_INVALID: Hostname\/IP does not match/);
    assert.equal(viewKubeError(fetchError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), WHERE).kind, 'untrusted');
  });

  it('calls any other HTTP answer unexpected', () => {
    assert.deepEqual(viewKubeError(new ApiException(404, 'Not Found', 'the server could not find the requested resource', {}), WHERE), {
      kind: 'unexpected',
      status: 404,
      cause: 'the API server answered HTTP 404: the server could not find the requested resource',
    });
  });
});

describe('endpoint overrides', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'kube-aws-endpoints-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('parses host:port', () => {
    assert.deepEqual(parseEndpoint('127.0.0.1:6443'), { host: '127.0.0.1', port: 6443 });
    assert.deepEqual(parseEndpoint('[::1]:443'), { host: '::1', port: 443 });
    assert.equal(parseEndpoint('127.0.0.1'), undefined);
    assert.equal(parseEndpoint('127.0.0.1:70000'), undefined);
  });

  it('reads the file on every call: missing file or entry = no override', async () => {
    const path = join(dir, 'endpoints.json');
    const resolve = apiEndpointsFile(path);
    assert.equal(await resolve('kube.example.com'), undefined);
    await writeFile(path, JSON.stringify({ 'other.example.com': '127.0.0.1:1000' }));
    assert.equal(await resolve('kube.example.com'), undefined);
    await writeFile(path, JSON.stringify({ 'kube.example.com': '127.0.0.1:40123' }));
    assert.deepEqual(await resolve('kube.example.com'), { host: '127.0.0.1', port: 40123 });
    await writeFile(path, JSON.stringify({ 'kube.example.com': '127.0.0.1:40999' }));
    assert.deepEqual(await resolve('kube.example.com'), { host: '127.0.0.1', port: 40999 });
  });

  it('refuses a file that is not such a map, naming it', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '["127.0.0.1:1"]');
    await assert.rejects(apiEndpointsFile(path)('kube.example.com'), new RegExp(`KUBE_AWS_API_ENDPOINTS file ${path} must be a JSON object`));
    await writeFile(path, '{"kube.example.com": 443}');
    await assert.rejects(apiEndpointsFile(path)('kube.example.com'), /the entry for kube\.example\.com must be "host:port"/);
  });

  it('connects to the override and verifies the kubeconfig host name', async () => {
    const target = { server: 'https://kube.example.com', serverHost: 'kube.example.com', serverName: 'kube.example.com', caFile: 'credentials/ca.pem', caPem: '' };
    assert.deepEqual(await resolveConnection(target), { url: 'https://kube.example.com', serverName: 'kube.example.com' });
    assert.deepEqual(await resolveConnection(target, async () => ({ host: '127.0.0.1', port: 40123 })), {
      url: 'https://127.0.0.1:40123',
      serverName: 'kube.example.com',
      tlsServerName: 'kube.example.com',
    });
  });
});
