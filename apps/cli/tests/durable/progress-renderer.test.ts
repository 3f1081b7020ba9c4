// The progress lines: offsets from the workflow's start, only what is new, eventCount honoured.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubernetesProgress } from '@kube-aws/workflows';
import { formatOffset, formatStackEvent, ProgressRenderer, statusText } from '../../src/durable/progress-renderer.js';
import { nodeTable } from '../../src/durable/node-table.js';
import { progressOf } from './fake-temporal.js';

const START = '2026-01-01T10:00:00.000Z';
const event = (n: number, seconds: number, status = 'CREATE_IN_PROGRESS', reason?: string) => ({
  eventId: `e${n}`,
  timestamp: new Date(Date.parse(START) + seconds * 1000).toISOString(),
  logicalId: `Resource${n}`,
  resourceType: 'AWS::EC2::Subnet',
  status,
  ...(reason ? { reason } : {}),
});

describe('formatOffset', () => {
  it('is +mm:ss, minutes past an hour keep counting, skew shows as a minus', () => {
    assert.equal(formatOffset(0), '+00:00');
    assert.equal(formatOffset(65_999), '+01:05');
    assert.equal(formatOffset(75 * 60_000 + 3_000), '+75:03');
    assert.equal(formatOffset(-5_000), '-00:05');
  });
});

describe('formatStackEvent', () => {
  it('prints offset, logical id, type, status and reason in that order', () => {
    const line = formatStackEvent(START, event(1, 83, 'CREATE_FAILED', 'The subnet overlaps'));
    assert.match(line, /^\+01:23 {2}Resource1 +AWS::EC2::Subnet +CREATE_FAILED +The subnet overlaps$/);
  });
  it('leaves no trailing blanks without a reason', () => {
    assert.match(formatStackEvent(START, event(2, 5)), /^\+00:05 {2}Resource2 +AWS::EC2::Subnet +CREATE_IN_PROGRESS$/);
  });
});

describe('ProgressRenderer', () => {
  it('prints each step change once, at the time it happened', () => {
    const r = new ProgressRenderer();
    const running = { step: 'validate' as const, state: 'running' as const, startedAt: '2026-01-01T10:00:02.000Z' };
    assert.deepEqual(r.update(progressOf({ steps: [running] })), ['+00:02  [validate] running']);
    assert.deepEqual(r.update(progressOf({ steps: [running] })), []);
    const done = { ...running, state: 'done' as const, endedAt: '2026-01-01T10:00:09.000Z', detail: 'userdata and template' };
    const next = { step: 'preflight' as const, state: 'running' as const, startedAt: '2026-01-01T10:00:09.000Z' };
    assert.deepEqual(r.update(progressOf({ steps: [done, next] })), ['+00:09  [validate] done: userdata and template', '+00:09  [preflight] running']);
  });

  it('uses eventCount to print only the events it has not printed', () => {
    const r = new ProgressRenderer();
    const first = r.update(progressOf({ events: [event(1, 10), event(2, 11)], eventCount: 2 }));
    assert.equal(first.length, 2);
    assert.match(first[0] ?? '', /^\+00:10 {2}Resource1 /);
    // The window slid: the query keeps the last two, three new ones arrived in between.
    const second = r.update(progressOf({ events: [event(4, 20), event(5, 21)], eventCount: 5 }));
    assert.deepEqual(
      second.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' ')),
      ['… 1', '+00:20 Resource4', '+00:21 Resource5'],
    );
    assert.match(second[0] ?? '', /1 earlier stack event not shown/);
    assert.deepEqual(r.update(progressOf({ events: [event(4, 20), event(5, 21)], eventCount: 5 })), []);
  });

  it('prints a changed message with the elapsed time', () => {
    const r = new ProgressRenderer();
    assert.deepEqual(r.update(progressOf({ message: 'waiting for the stack', elapsedSeconds: 42 })), ['+00:42  waiting for the stack']);
    assert.deepEqual(r.update(progressOf({ message: 'waiting for the stack', elapsedSeconds: 43 })), []);
  });
});

describe('statusText', () => {
  it('names the step, the stack status and the elapsed time', () => {
    const text = statusText(progressOf({ step: 'create-nodes', stackStatus: 'CREATE_IN_PROGRESS' }), Date.parse(START) + 125_000);
    assert.equal(text, 'create-nodes (CREATE_IN_PROGRESS)  02:05');
  });
});

describe("verify's Kubernetes progress", () => {
  const k = (seconds: number, over: Partial<KubernetesProgress>): KubernetesProgress => ({
    reachable: true, credentialsChecked: true, ready: false, nodesReady: 1, nodesExpected: 3, podsReady: 4, podsTotal: 11, nodes: [], notReady: [],
    observedAt: new Date(Date.parse(START) + seconds * 1000).toISOString(), ...over,
  });

  it('prints a line when the counts or the cause change, at the time verify looked', () => {
    const r = new ProgressRenderer();
    const refused = k(5, { reachable: false, cause: 'connection refused by kube.example.com (ECONNREFUSED)' });
    assert.deepEqual(r.update(progressOf({ step: 'verify', kubernetes: refused })), ['+00:05  kubernetes: API server not reachable yet — connection refused by kube.example.com (ECONNREFUSED)']);
    assert.deepEqual(r.update(progressOf({ step: 'verify', kubernetes: { ...refused, observedAt: START } })), [], 'same cause: nothing new');
    assert.deepEqual(r.update(progressOf({ step: 'verify', kubernetes: k(40, { cause: 'node ip-10-0-0-100: not registered' }) })), [
      '+00:40  kubernetes: nodes 1/3 Ready, kube-system pods 4/11 available — waiting for: node ip-10-0-0-100: not registered',
    ]);
  });

  it('prints each node that did not join with its failed boot unit, once, and again when it changes', () => {
    const r = new ProgressRenderer();
    const exec = 'ctr: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "kms": executable file not found in $PATH: unknown';
    const unit = { unit: 'kube-aws-decrypt-assets.service', result: 'exit-code', status: '1', lastLines: ['pulling', exec] };
    const node = { nodeName: 'ip-10-0-0-51.us-west-1.compute.internal', instanceId: 'i-0abc123def4567890', units: [unit] };
    const refused = k(35, { reachable: false, cause: 'connection refused by kube.example.com (ECONNREFUSED)', bootFailures: [node] });
    assert.deepEqual(r.update(progressOf({ step: 'verify', kubernetes: refused })), [
      '+00:35  kubernetes: API server not reachable yet — connection refused by kube.example.com (ECONNREFUSED)',
      `+00:35  ip-10-0-0-51.us-west-1.compute.internal (i-0abc123def4567890): not registered — kube-aws-decrypt-assets.service failed (status=1): ${exec}`,
    ]);
    assert.deepEqual(r.update(progressOf({ step: 'verify', kubernetes: { ...refused, observedAt: START } })), [], 'the same failure: nothing new');
    const killed = { ...node, units: [{ ...unit, result: 'signal', status: 'KILL', lastLines: [] }] };
    assert.deepEqual(r.update(progressOf({ step: 'verify', kubernetes: k(70, { ...refused, observedAt: new Date(Date.parse(START) + 70_000).toISOString(), bootFailures: [killed] }) })), [
      '+01:10  ip-10-0-0-51.us-west-1.compute.internal (i-0abc123def4567890): not registered — kube-aws-decrypt-assets.service failed (result=signal, status=KILL)',
    ]);
  });

  it('the spinner shows the counts during verify', () => {
    const now = Date.parse(START) + 65_000;
    assert.equal(statusText(progressOf({ step: 'verify', kubernetes: k(60, {}) }), now), 'verify (nodes 1/3, pods 4/11)  01:05');
    assert.equal(statusText(progressOf({ step: 'verify', kubernetes: k(60, { reachable: false }) }), now), 'verify (waiting for the API server)  01:05');
    assert.equal(statusText(progressOf({ step: 'verify' }), now), 'verify  01:05');
  });

  it('lays the node table out as kubectl does (3 spaces of padding, the last column bare)', () => {
    assert.deepEqual(nodeTable([{ name: 'n1', status: 'Ready', roles: '<none>', age: '5m', version: 'v1.36.3', ready: true }]), [
      'NAME   STATUS   ROLES    AGE   VERSION',
      'n1     Ready    <none>   5m    v1.36.3',
    ]);
  });
});
