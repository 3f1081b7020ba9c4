// KUBE_AWS_API_ENDPOINTS: how the worker learns where the sandbox's API servers listen.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiEndpointsFromEnvironment } from '../src/index.js';

describe('apiEndpointsFromEnvironment', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'kube-aws-worker-endpoints-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('is no override when KUBE_AWS_API_ENDPOINTS is unset or empty', async () => {
    assert.equal(await apiEndpointsFromEnvironment({}), undefined);
    assert.equal(await apiEndpointsFromEnvironment({ KUBE_AWS_API_ENDPOINTS: ' ' }), undefined);
  });

  it('reads the named file on every lookup, so the file may appear or change after the worker starts', async () => {
    const path = join(dir, 'endpoints.json');
    const resolve = await apiEndpointsFromEnvironment({ KUBE_AWS_API_ENDPOINTS: path });
    assert.ok(resolve);
    assert.equal(await resolve('kube.example.com'), undefined, 'no file yet: no override');
    await writeFile(path, JSON.stringify({ 'kube.example.com': '127.0.0.1:41234' }));
    assert.deepEqual(await resolve('kube.example.com'), { host: '127.0.0.1', port: 41234 });
    assert.equal(await resolve('other.example.com'), undefined);
  });
});
