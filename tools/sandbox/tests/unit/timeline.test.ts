import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planTemplate } from '../../src/proxy/template.js';
import { planOperation } from '../../src/proxy/timeline.js';
import type { PlannedEvent } from '../../src/proxy/timeline.js';

const plan = planTemplate(
  {
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC' },
      Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' } } },
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: { Ref: 'Vpc' } } },
      Instance: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Subnet' }, SecurityGroupIds: [{ Ref: 'Sg' }] } },
    },
  },
  {},
);
const all = [...plan.values()];
const base = { t0: 1000, paceMs: 100, update: [], remove: [] };
const line = (events: readonly PlannedEvent[]): string[] => events.map((e) => `${e.logicalId ?? 'stack'} ${e.status}`);
const stackStatuses = (events: readonly PlannedEvent[]): string[] => events.filter((e) => e.logicalId === undefined).map((e) => e.status);

describe('planOperation', () => {
  it('creates in dependency order, independent resources side by side, each taking the pace', () => {
    const t = planOperation({ ...base, kind: 'CREATE', create: all, onFailure: 'ROLLBACK' });
    const at = (id: string, status: string): number => t.events.find((e) => e.logicalId === id && e.status === status)?.time ?? NaN;
    assert.equal(at('Vpc', 'CREATE_COMPLETE') - at('Vpc', 'CREATE_IN_PROGRESS'), 100);
    assert.equal(at('Subnet', 'CREATE_IN_PROGRESS'), at('Vpc', 'CREATE_COMPLETE'));
    assert.equal(at('Sg', 'CREATE_IN_PROGRESS'), at('Subnet', 'CREATE_IN_PROGRESS'));
    assert.equal(at('Instance', 'CREATE_IN_PROGRESS'), at('Subnet', 'CREATE_COMPLETE'));
    assert.deepEqual(stackStatuses(t.events), ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    assert.equal(t.end, t.events.at(-1)?.time);
    assert.equal(t.effect, 'none');
    for (let i = 1; i < t.events.length; i++) assert.ok((t.events[i]?.time ?? 0) >= (t.events[i - 1]?.time ?? 0), 'events are in time order');
  });

  it('on a failure starts nothing more, and with DO_NOTHING stops at CREATE_FAILED', () => {
    const t = planOperation({ ...base, kind: 'CREATE', create: all, onFailure: 'DO_NOTHING', failure: { logicalId: 'Subnet', reason: 'boom' } });
    assert.ok(line(t.events).includes('Subnet CREATE_FAILED'));
    assert.equal(t.events.find((e) => e.logicalId === 'Subnet' && e.status === 'CREATE_FAILED')?.reason, 'boom');
    assert.ok(line(t.events).includes('Sg CREATE_COMPLETE'), 'Sg ran beside Subnet and finished with it');
    assert.ok(!t.events.some((e) => e.logicalId === 'Instance'), 'Instance never starts');
    assert.deepEqual(stackStatuses(t.events), ['CREATE_IN_PROGRESS', 'CREATE_FAILED']);
    assert.match(t.events.at(-1)?.reason ?? '', /failed to create: \[Subnet\]\. $/);
  });

  it('ROLLBACK deletes what was started, dependents first; DELETE also deletes the stack', () => {
    const rollback = planOperation({ ...base, kind: 'CREATE', create: all, onFailure: 'ROLLBACK', failure: { logicalId: 'Subnet', reason: 'boom' } });
    assert.deepEqual(stackStatuses(rollback.events), ['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
    const deletes = line(rollback.events).filter((l) => l.endsWith('DELETE_COMPLETE'));
    assert.deepEqual(deletes.slice(-1), ['Vpc DELETE_COMPLETE']);
    assert.equal(rollback.effect, 'none');
    const del = planOperation({ ...base, kind: 'CREATE', create: all, onFailure: 'DELETE', failure: { logicalId: 'Subnet', reason: 'boom' } });
    assert.deepEqual(stackStatuses(del.events), ['CREATE_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    assert.equal(del.effect, 'delete');
  });

  it('an update that fails rolls back: updated resources updated again, added ones deleted', () => {
    const vpc = plan.get('Vpc');
    const instance = plan.get('Instance');
    assert.ok(vpc && instance);
    const t = planOperation({ ...base, kind: 'UPDATE', create: [instance], update: [vpc], onFailure: 'ROLLBACK', failure: { logicalId: 'Instance', reason: 'no capacity' } });
    assert.deepEqual(stackStatuses(t.events), ['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE']);
    assert.deepEqual(line(t.events).filter((l) => l.startsWith('Vpc')), ['Vpc UPDATE_IN_PROGRESS', 'Vpc UPDATE_COMPLETE', 'Vpc UPDATE_IN_PROGRESS', 'Vpc UPDATE_COMPLETE']);
    assert.ok(line(t.events).includes('Instance DELETE_COMPLETE'));
    assert.equal(t.effect, 'revert');
  });

  it('deletes in reverse dependency order', () => {
    const t = planOperation({ ...base, kind: 'DELETE', create: [], remove: all, onFailure: 'DO_NOTHING' });
    const done = line(t.events).filter((l) => l.endsWith('DELETE_COMPLETE')).map((l) => l.split(' ')[0]);
    assert.equal(done[0], 'Instance');
    assert.deepEqual(done.slice(-2), ['Vpc', 'stack']);
    assert.equal(t.effect, 'delete');
  });
});
