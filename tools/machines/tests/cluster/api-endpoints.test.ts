/**
 * The sandbox's stand-in for DNS, and the kubeconfig it writes beside a cluster's.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { buildAdminKubeconfig } from '@kube-aws/render';
import { ensureCredentials } from '@kube-aws/pki';
import { externalNames, readApiEndpoints, updateApiEndpoints, writeSandboxKubeconfig } from '../../src/cluster/api-endpoints.js';

describe('API endpoints', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'api-endpoints-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('names outside the cluster come from the API server certificate', async () => {
    const credentials = join(dir, 'credentials');
    await ensureCredentials(credentials, seedClusterConfig());
    assert.deepEqual(externalNames(readFileSync(join(credentials, 'apiserver.pem'))), ['kube.isaack.io']);
  });

  test('entries are set and removed by name; a missing file means none', () => {
    const file = join(dir, 'endpoints.json');
    assert.deepEqual(readApiEndpoints(file), {});
    updateApiEndpoints(file, ['a.example.com', 'b.example.com'], '127.0.0.1:1111');
    updateApiEndpoints(file, ['b.example.com'], '127.0.0.1:2222');
    assert.deepEqual(readApiEndpoints(file), { 'a.example.com': '127.0.0.1:1111', 'b.example.com': '127.0.0.1:2222' });
    updateApiEndpoints(file, ['a.example.com'], undefined);
    assert.deepEqual(readApiEndpoints(file), { 'b.example.com': '127.0.0.1:2222' });
  });

  test('kubeconfig.sandbox: same credentials, loopback server, the real name as tls-server-name', () => {
    const cluster = join(dir, 'cluster');
    const file = join(dir, 'endpoints.json');
    rmSync(file, { force: true });
    mkdirSync(cluster, { recursive: true });
    writeFileSync(join(cluster, 'kubeconfig'), buildAdminKubeconfig(seedClusterConfig(), { credentialsDir: 'credentials' }));
    assert.equal(writeSandboxKubeconfig(cluster, file), undefined, 'nothing to write before the API server runs');
    updateApiEndpoints(file, ['kube.isaack.io'], '127.0.0.1:34567');
    const written = writeSandboxKubeconfig(cluster, file);
    assert.equal(written, join(cluster, 'kubeconfig.sandbox'));
    const original = parse(readFileSync(join(cluster, 'kubeconfig'), 'utf8')) as Record<string, { cluster?: Record<string, string> }[]>;
    const copy = parse(readFileSync(written, 'utf8')) as Record<string, { cluster?: Record<string, string> }[]>;
    assert.equal(copy['clusters']?.[0]?.cluster?.['server'], 'https://127.0.0.1:34567');
    assert.equal(copy['clusters']?.[0]?.cluster?.['tls-server-name'], 'kube.isaack.io');
    assert.equal(copy['clusters']?.[0]?.cluster?.['certificate-authority'], original['clusters']?.[0]?.cluster?.['certificate-authority']);
    assert.deepEqual(copy['users'], original['users']);
  });
});
