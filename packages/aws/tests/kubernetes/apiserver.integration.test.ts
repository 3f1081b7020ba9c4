// verify's Kubernetes activities against a REAL kube-apiserver and etcd, serving a rendered
// cluster's credentials on 127.0.0.1 at a random port. The API server is reached through the
// endpoint override (KUBE_AWS_API_ENDPOINTS's file) with the certificate verified for the
// kubeconfig's host name, exactly as the worker reaches the sandbox's control planes.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import type { NodeAndAssetActivities } from '../../src/activities.js';
import { apiEndpointsFile } from '../../src/kubernetes/api-endpoints.js';
import { rejectsWithFailure, runActivity } from '../helpers/activity-env.js';
import { fileUri, removeDir, renderedClusterDir } from '../helpers/cluster-dir.js';
import { freePort } from '../helpers/free-port.js';
import { startApiServer } from '../helpers/kube-apiserver.js';
import type { RunningApiServer } from '../helpers/kube-apiserver.js';
import { EXTERNAL_DNS_NAME } from '../helpers/seed-account.js';

const KMS = 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-0000-0000-000000000000';
const CONTROLLER = 'ip-10-0-0-50.us-west-1.compute.internal';
const NODES = [CONTROLLER, 'ip-10-0-0-100.us-west-1.compute.internal', 'ip-10-0-0-101.us-west-1.compute.internal'];

let cluster: string;
let other: string;
let work: string;
let server: RunningApiServer;
let endpointsPath: string;

before(async () => {
  cluster = await renderedClusterDir({ kmsKeyArn: KMS });
  other = await renderedClusterDir({ kmsKeyArn: KMS }); // its own CA: the "wrong CA" credentials
  work = await mkdtemp(join(tmpdir(), 'kube-aws-verify-'));
  server = await startApiServer({ clusterDir: cluster, serverName: EXTERNAL_DNS_NAME });
  endpointsPath = join(work, 'api-endpoints.json');
  await writeFile(endpointsPath, JSON.stringify({ [EXTERNAL_DNS_NAME]: server.endpoint }));
});

after(async () => {
  await server?.stop();
  for (const dir of [cluster, other]) if (dir) await removeDir(dir);
  if (work) await rm(work, { recursive: true, force: true });
});

function activities(endpoints = endpointsPath): NodeAndAssetActivities {
  return createNodeAndAssetActivities(resolveDeps({ apiEndpoints: apiEndpointsFile(endpoints) }));
}

/** A copy of the rendered cluster directory, changed by `edit`. */
async function variant(name: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(work, name);
  await cp(cluster, dir, { recursive: true });
  await edit(dir);
  return dir;
}

describe('checkClusterCredentials on a real kube-apiserver', () => {
  it('authenticates every rendered client credential, through the override, with the server name verified', async () => {
    const report = await runActivity(() => activities().checkClusterCredentials({ assetsUri: fileUri(cluster) }));
    assert.equal(report.server, `https://${server.endpoint}`);
    assert.equal(report.serverName, EXTERNAL_DNS_NAME);
    assert.deepEqual(
      report.credentials.map((c) => [c.file, c.username]),
      [
        ['kubeconfig', 'kube-admin'],
        ['credentials/worker.pem', 'system:bootstrap:kube-aws-worker'],
        ['credentials/controller-manager.pem', 'system:kube-controller-manager'],
        ['credentials/scheduler.pem', 'system:kube-scheduler'],
        ['credentials/apiserver-kubelet-client.pem', 'kube-apiserver-kubelet-client'],
      ],
      server.log(),
    );
    assert.ok(report.credentials[0]?.groups.includes('system:masters'));
    assert.ok(report.credentials[1]?.groups.includes('system:bootstrappers'));
    assert.doesNotMatch(JSON.stringify(report), /PRIVATE KEY|BEGIN|MII/);
  });

  it('fails fast with CredentialRejected naming credentials/worker.pem when it is signed by another CA', async () => {
    const dir = await variant('wrong-ca-worker', async (d) => {
      for (const f of ['worker.pem', 'worker-key.pem']) await cp(join(other, 'credentials', f), join(d, 'credentials', f));
    });
    const failure = await rejectsWithFailure(runActivity(() => activities().checkClusterCredentials({ assetsUri: fileUri(dir) })), 'CredentialRejected');
    assert.match(
      failure.message,
      /^credentials\/worker\.pem, the worker bootstrap credential, was rejected by the API server \(401\): it is not signed by the CA the API server trusts \(credentials\/ca\.pem\); re-render it/,
    );
    assert.doesNotMatch(failure.message, /BEGIN|PRIVATE/);
  });

  it('refuses a server whose certificate is not valid for the name (the override keeps the name check)', async () => {
    // apiserver.pem is valid for 127.0.0.1 too: only a name check against the kubeconfig's host fails here.
    const wrongName = 'not-the-cluster.example.com';
    const dir = await variant('wrong-name', async (d) => {
      const kubeconfig = await readFile(join(d, 'kubeconfig'), 'utf8');
      await writeFile(join(d, 'kubeconfig'), kubeconfig.replace(`https://${EXTERNAL_DNS_NAME}`, `https://${wrongName}`));
    });
    const endpoints = join(work, 'wrong-name-endpoints.json');
    await writeFile(endpoints, JSON.stringify({ [wrongName]: server.endpoint }));
    const failure = await rejectsWithFailure(runActivity(() => activities(endpoints).checkClusterCredentials({ assetsUri: fileUri(dir) })), 'ApiServerUntrusted');
    assert.match(failure.message, new RegExp(`^the API server at https://${server.endpoint.replaceAll('.', '\\.')} did not prove it is ${wrongName.replaceAll('.', '\\.')}: ERR_TLS_CERT_ALTNAME_INVALID`));
  });

  it('an unreachable port is a retryable failure carrying the cause', async () => {
    const endpoints = join(work, 'closed-endpoints.json');
    await writeFile(endpoints, JSON.stringify({ [EXTERNAL_DNS_NAME]: `127.0.0.1:${await freePort()}` }));
    const failure = await rejectsWithFailure(runActivity(() => activities(endpoints).checkClusterCredentials({ assetsUri: fileUri(cluster) })), 'ApiServerUnreachable', false);
    assert.match(failure.message, /cannot reach the API server at https:\/\/127\.0\.0\.1:\d+ \(kube\.isaack\.io\) yet: connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});

describe('observeKubernetes on a real kube-apiserver', () => {
  it('reports 0/3 nodes with reasons and returns at maxWait', async () => {
    const started = Date.now();
    const snapshot = await runActivity(() =>
      activities().observeKubernetes({ assetsUri: fileUri(cluster), expectedNodes: NODES, controllerNode: CONTROLLER, maxWaitSeconds: 3 }),
    );
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds >= 3 && seconds < 8, `returned after ${seconds}s`);
    assert.equal(snapshot.reachable, true);
    assert.equal(snapshot.ready, false);
    assert.deepEqual([snapshot.nodesReady, snapshot.nodesExpected, snapshot.podsReady], [0, 3, 0]);
    assert.ok(snapshot.polls >= 3, `polled ${snapshot.polls} times`);
    assert.deepEqual(
      snapshot.notReady.slice(0, 3),
      NODES.map((n) => `node ${n}: not registered (its kubelet has not joined the cluster yet)`),
    );
    assert.ok(snapshot.notReady.some((l) => l.startsWith(`StaticPod kube-apiserver-${CONTROLLER}: 0/1 ready — no mirror pod yet`)), snapshot.notReady.join('\n'));
  });

  it('shows a registered, cordoned controller as kubectl does', async () => {
    const kc = new KubeConfig();
    const pem = (f: string) => readFile(join(cluster, 'credentials', f), 'utf8').then((t) => Buffer.from(t).toString('base64'));
    kc.loadFromClusterAndUser(
      { name: 'c', server: `https://${server.endpoint}`, caData: await pem('ca.pem'), tlsServerName: EXTERNAL_DNS_NAME, skipTLSVerify: false },
      { name: 'admin', certData: await pem('admin.pem'), keyData: await pem('admin-key.pem') },
    );
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNode({ body: { metadata: { name: CONTROLLER, labels: { 'node-role.kubernetes.io/control-plane': '' } }, spec: { unschedulable: true } } });
    const now = new Date();
    await core.replaceNodeStatus({
      name: CONTROLLER,
      body: {
        ...(await core.readNode({ name: CONTROLLER })),
        status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }], nodeInfo: { kubeletVersion: 'v1.36.3' } as never },
      },
    });
    const snapshot = await runActivity(() =>
      activities().observeKubernetes({ assetsUri: fileUri(cluster), expectedNodes: NODES, controllerNode: CONTROLLER, maxWaitSeconds: 0 }),
    );
    assert.equal(snapshot.nodesReady, 1);
    assert.deepEqual(snapshot.nodes.map((n) => [n.name, n.status, n.roles, n.version]), [[CONTROLLER, 'Ready,SchedulingDisabled', 'control-plane', 'v1.36.3']]);
    assert.match(snapshot.nodes[0]?.age ?? '', /^\d+s$/);
  });

  it('an unreachable port gives reachable:false with the cause, not an error', async () => {
    const endpoints = join(work, 'closed-endpoints-2.json');
    await writeFile(endpoints, JSON.stringify({ [EXTERNAL_DNS_NAME]: `127.0.0.1:${await freePort()}` }));
    const snapshot = await runActivity(() =>
      activities(endpoints).observeKubernetes({ assetsUri: fileUri(cluster), expectedNodes: NODES, controllerNode: CONTROLLER, maxWaitSeconds: 1 }),
    );
    assert.equal(snapshot.reachable, false);
    assert.match(snapshot.cause ?? '', /connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\): the API server is not listening yet/);
    assert.deepEqual([snapshot.nodesReady, snapshot.nodesExpected], [0, 3]);
  });
});
