/**
 * The virtual timeline of one stack operation, as CloudFormation would play it: every event with
 * the time it happens. Resources run in parallel as far as their dependencies allow, each taking
 * `paceMs`; deletions run in reverse dependency order. A failing resource stops the operation where
 * CloudFormation would (resources still running are cancelled, none are started), then the
 * failure behaviour plays out: nothing, a rollback, or a delete.
 *
 * Pure: the caller stores the events and shows each once its time has come.
 */
import type { PlannedResource } from './template.js';

export type OnFailure = 'DO_NOTHING' | 'ROLLBACK' | 'DELETE';
export const STACK_RESOURCE_TYPE = 'AWS::CloudFormation::Stack';

export interface PlannedEvent {
  readonly time: number;
  /** The resource's logical id, or undefined for the stack's own events. */
  readonly logicalId?: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
}

export interface OperationSpec {
  readonly kind: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly t0: number;
  readonly paceMs: number;
  /** Resources the operation creates (all of them for CREATE; the added ones for UPDATE). */
  readonly create: readonly PlannedResource[];
  /** UPDATE: resources whose definition changed. */
  readonly update: readonly PlannedResource[];
  /** UPDATE: resources removed (deleted in the cleanup phase); DELETE: every live resource. */
  readonly remove: readonly PlannedResource[];
  readonly failure?: { readonly logicalId: string; readonly reason: string };
  readonly onFailure: OnFailure;
}

export interface OperationTimeline {
  readonly events: readonly PlannedEvent[];
  readonly end: number;
  /** What moto must be made to do when the operation ends: delete the stack, or take back the update. */
  readonly effect: 'none' | 'delete' | 'revert';
}

interface Slot {
  readonly start: number;
  readonly end: number;
}

/** Start and end of each resource: after everything it depends on (within `resources`). */
function scheduleForward(resources: readonly PlannedResource[], t0: number, pace: number): Map<string, Slot> {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const slots = new Map<string, Slot>();
  const visiting = new Set<string>();
  const slot = (r: PlannedResource): Slot => {
    const known = slots.get(r.id);
    if (known) return known;
    visiting.add(r.id);
    let start = t0;
    for (const d of r.deps) {
      const dep = byId.get(d);
      if (dep && !visiting.has(d)) start = Math.max(start, slot(dep).end);
    }
    visiting.delete(r.id);
    const s = { start, end: start + pace };
    slots.set(r.id, s);
    return s;
  };
  resources.forEach(slot);
  return slots;
}

/** Deletion slots: a resource goes after everything (within `resources`) that depends on it. */
function scheduleReverse(resources: readonly PlannedResource[], t0: number, pace: number): Map<string, Slot> {
  const dependents = resources.map((r) => ({
    ...r,
    deps: resources.filter((x) => x.deps.includes(r.id)).map((x) => x.id),
  }));
  return scheduleForward(dependents, t0, pace);
}

function inTimeOrder(slots: Map<string, Slot>, resources: readonly PlannedResource[]): PlannedResource[] {
  return [...resources].sort((a, b) => (slots.get(a.id)?.start ?? 0) - (slots.get(b.id)?.start ?? 0));
}

export function planOperation(spec: OperationSpec): OperationTimeline {
  const timeline = playOperation(spec);
  // Phases are written one after another; stable sort keeps same-time events in the order written.
  return { ...timeline, events: [...timeline.events].sort((a, b) => a.time - b.time) };
}

function playOperation(spec: OperationSpec): OperationTimeline {
  const events: PlannedEvent[] = [];
  const stack = (time: number, status: string, reason?: string): void => {
    events.push({ time, resourceType: STACK_RESOURCE_TYPE, status, ...(reason === undefined ? {} : { reason }) });
  };
  const resource = (r: PlannedResource, time: number, status: string, reason?: string): void => {
    events.push({ time, logicalId: r.id, resourceType: r.type, status, ...(reason === undefined ? {} : { reason }) });
  };

  /** Deletes `resources` from t; returns when the last one is gone. */
  const deletePhase = (resources: readonly PlannedResource[], t: number): number => {
    const slots = scheduleReverse(resources, t, spec.paceMs);
    let end = t;
    for (const r of inTimeOrder(slots, resources)) {
      const s = slots.get(r.id) as Slot;
      resource(r, s.start, 'DELETE_IN_PROGRESS');
      resource(r, s.end, 'DELETE_COMPLETE');
      end = Math.max(end, s.end);
    }
    return end;
  };

  /** Creates and updates from t until done or until the injected failure. */
  const workPhase = (t: number) => {
    const work = [...spec.create, ...spec.update];
    const creating = new Set(spec.create.map((r) => r.id));
    const slots = scheduleForward(work, t, spec.paceMs);
    const failed = spec.failure ? slots.get(spec.failure.logicalId) : undefined;
    const tf = failed ? failed.end : Infinity;
    const started: PlannedResource[] = [];
    const failedIds: string[] = [];
    let end = work.length === 0 ? t + spec.paceMs : t;
    for (const r of inTimeOrder(slots, work)) {
      const s = slots.get(r.id) as Slot;
      if (s.start >= tf) continue; // CloudFormation starts nothing after a failure
      started.push(r);
      const verb = creating.has(r.id) ? 'CREATE' : 'UPDATE';
      resource(r, s.start, `${verb}_IN_PROGRESS`);
      if (verb === 'CREATE') resource(r, s.start, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
      if (r.id === spec.failure?.logicalId && failed) {
        resource(r, tf, `${verb}_FAILED`, spec.failure.reason);
        failedIds.unshift(r.id);
      } else if (s.end <= tf) {
        resource(r, s.end, `${verb}_COMPLETE`);
        end = Math.max(end, s.end);
      } else {
        resource(r, tf, `${verb}_FAILED`, `Resource ${verb === 'CREATE' ? 'creation' : 'update'} cancelled`);
        failedIds.push(r.id);
      }
    }
    return { end: failed ? tf : end, failed: failed !== undefined, started, failedIds, creating };
  };

  const t0 = spec.t0;
  if (spec.kind === 'DELETE') {
    stack(t0, 'DELETE_IN_PROGRESS', 'User Initiated');
    const end = Math.max(deletePhase(spec.remove, t0 + 1), t0 + spec.paceMs) + 1;
    stack(end, 'DELETE_COMPLETE');
    return { events, end, effect: 'delete' };
  }

  stack(t0, `${spec.kind}_IN_PROGRESS`, 'User Initiated');
  const work = workPhase(t0 + 1);
  const tf = work.end;

  if (!work.failed) {
    if (spec.kind === 'CREATE') {
      stack(tf + 1, 'CREATE_COMPLETE');
      return { events, end: tf + 1, effect: 'none' };
    }
    stack(tf + 1, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    const end = deletePhase(spec.remove, tf + 2) + 1;
    stack(end, 'UPDATE_COMPLETE');
    return { events, end, effect: 'none' };
  }

  const firstFailed = work.failedIds[0] ?? '';
  const verb = spec.kind === 'CREATE' || work.creating.has(firstFailed) ? 'create' : 'update';
  const why = `The following resource(s) failed to ${verb}: [${work.failedIds.join(', ')}]. `;

  if (spec.kind === 'CREATE') {
    if (spec.onFailure === 'DO_NOTHING') {
      stack(tf + 1, 'CREATE_FAILED', why);
      return { events, end: tf + 1, effect: 'none' };
    }
    const deleting = spec.onFailure === 'DELETE';
    stack(tf + 1, deleting ? 'DELETE_IN_PROGRESS' : 'ROLLBACK_IN_PROGRESS', `${why}${deleting ? 'Delete' : 'Rollback'} requested by user.`);
    const end = deletePhase(work.started, tf + 2) + 1;
    stack(end, deleting ? 'DELETE_COMPLETE' : 'ROLLBACK_COMPLETE');
    return { events, end, effect: deleting ? 'delete' : 'none' };
  }

  // UPDATE failed.
  if (spec.onFailure === 'DO_NOTHING') {
    stack(tf + 1, 'UPDATE_FAILED', why);
    return { events, end: tf + 1, effect: 'none' };
  }
  stack(tf + 1, 'UPDATE_ROLLBACK_IN_PROGRESS', why);
  const revert = work.started.filter((r) => !work.creating.has(r.id));
  const slots = scheduleForward(revert, tf + 2, spec.paceMs);
  let t2 = tf + 2;
  for (const r of inTimeOrder(slots, revert)) {
    const s = slots.get(r.id) as Slot;
    resource(r, s.start, 'UPDATE_IN_PROGRESS');
    resource(r, s.end, 'UPDATE_COMPLETE');
    t2 = Math.max(t2, s.end);
  }
  stack(t2 + 1, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  const end = deletePhase(
    work.started.filter((r) => work.creating.has(r.id)),
    t2 + 2,
  ) + 1;
  stack(end, 'UPDATE_ROLLBACK_COMPLETE');
  return { events, end, effect: 'revert' };
}
