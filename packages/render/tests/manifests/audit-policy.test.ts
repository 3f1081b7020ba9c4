/**
 * The audit policy's promises, as properties of its rule list (kube-apiserver takes the first rule
 * that matches): no request or response body is ever logged, credentials are recorded whoever
 * reads them, and everything not exempted is recorded. The sandbox's control-plane test shows the
 * same with a real API server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { seedClusterConfig } from '@kube-aws/config/testing';

import { auditPolicyYaml } from '../../src/manifests/audit-policy.js';
import { buildNodeIgnition } from '../../src/userdata/index.js';
import { fileText } from '../userdata/helpers.js';

interface Rule {
  level: string;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: { group: string; resources: string[] }[];
  nonResourceURLs?: string[];
}
interface Policy {
  apiVersion: string;
  kind: string;
  omitStages: string[];
  rules: Rule[];
}

const policy = parse(auditPolicyYaml()) as Policy;
const names = (r: Rule): string[] => (r.resources ?? []).flatMap((g) => g.resources.map((res) => `${g.group}/${res}`));

describe('audit policy', () => {
  it('is an audit.k8s.io/v1 Policy without the RequestReceived stage', () => {
    assert.equal(policy.apiVersion, 'audit.k8s.io/v1');
    assert.equal(policy.kind, 'Policy');
    assert.deepEqual(policy.omitStages, ['RequestReceived']);
  });

  it('never logs a body: every rule is None or Metadata, and the last one records everything at Metadata', () => {
    for (const r of policy.rules) assert.ok(r.level === 'None' || r.level === 'Metadata', JSON.stringify(r));
    assert.deepEqual(policy.rules.at(-1), { level: 'Metadata' });
  });

  it('records Secrets, ConfigMaps, tokens and token reviews at Metadata before any exemption of users or verbs', () => {
    const credentials = policy.rules.findIndex((r) => r.level === 'Metadata' && names(r).includes('/secrets'));
    assert.ok(credentials >= 0, 'a Metadata rule for secrets');
    assert.deepEqual(names(policy.rules[credentials] as Rule).sort(), ['/configmaps', '/secrets', '/serviceaccounts/token', 'authentication.k8s.io/tokenreviews']);
    const firstExemption = policy.rules.findIndex((r) => r.level === 'None' && (r.users ?? r.userGroups ?? r.verbs) !== undefined);
    assert.ok(credentials < firstExemption, 'the credentials rule must come before the rules that exempt system users');
    // The rules before it exempt only health checks and Events, never a credential.
    for (const r of policy.rules.slice(0, credentials)) assert.ok(!names(r).some((n) => /secrets|configmaps|token/.test(n)), JSON.stringify(r));
  });

  it('exempts only reads (and Lease heartbeats) of the system components, not their writes', () => {
    for (const r of policy.rules.filter((x) => x.level === 'None' && (x.users ?? x.userGroups))) {
      const reads = ['get', 'list', 'watch'];
      const leaseRenewal = names(r).every((n) => n === 'coordination.k8s.io/leases') && r.resources !== undefined;
      assert.ok(r.verbs?.every((v) => reads.includes(v)) || leaseRenewal, JSON.stringify(r));
      for (const u of [...(r.users ?? []), ...(r.userGroups ?? [])]) assert.match(u, /^system:/);
    }
  });

  it('is on the controller only, beside the log directory (0700)', () => {
    const controller = buildNodeIgnition(seedClusterConfig(), 'controller');
    assert.equal(fileText(controller, '/etc/kubernetes/audit/policy.yaml'), auditPolicyYaml());
    assert.deepEqual(controller.storage?.directories?.find((d) => d.path === '/var/log/kubernetes/audit'), { path: '/var/log/kubernetes/audit', mode: 0o700 });
    const worker = buildNodeIgnition(seedClusterConfig(), 'worker');
    assert.ok(!(worker.storage?.files ?? []).some((f) => f.path.startsWith('/etc/kubernetes/audit')));
  });
});
