/**
 * What the proxy knows of one stack: its virtual events (the source of every status it reports),
 * the resources of its current template, their physical ids in moto, and the moto-side effect
 * still due at the end of the running operation.
 */
import { randomUUID } from 'node:crypto';
import type { OperationTimeline, PlannedEvent } from './timeline.js';
import type { Plan, PlannedResource } from './template.js';

export interface StackEvent extends PlannedEvent {
  readonly eventId: string;
  readonly token?: string;
}

/** What moto must do when the running operation ends (it did the operation itself at once). */
export type MotoEffect =
  | { readonly kind: 'delete' }
  | { readonly kind: 'revert'; readonly templateBody: string; readonly parameters: Readonly<Record<string, string>>; readonly plan: Plan };

export interface Operation {
  readonly kind: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly start: number;
  readonly end: number;
  readonly token?: string;
  effect?: MotoEffect;
}

const IN_PROGRESS = /_IN_PROGRESS$/;

export class StackRecord {
  /** Resources of the current template (after the latest operation). */
  plan: Plan = new Map();
  templateBody: string | undefined;
  parameters: Record<string, string> = {};
  /** Every resource ever in the stack, for events of ones an update removed. */
  readonly known = new Map<string, PlannedResource>();
  readonly physicalIds = new Map<string, string>();
  readonly events: StackEvent[] = [];
  operation: Operation | undefined;
  /** moto has deleted the stack (the virtual delete finished). */
  motoDeleted = false;
  /** moto's DescribeStacks member, kept for when moto forgets a deleted stack. */
  snapshot: string | undefined;
  lastUpdated: number | undefined;

  constructor(
    readonly stackId: string,
    readonly stackName: string,
    readonly region: string,
    readonly creationTime: number,
  ) {}

  setPlan(plan: Plan): void {
    this.plan = plan;
    for (const r of plan.values()) this.known.set(r.id, r);
  }

  visibleEvents(now: number): StackEvent[] {
    return this.events.filter((e) => e.time <= now);
  }

  /** The latest stack-level event that has happened. */
  stackEvent(now: number): StackEvent | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i] as StackEvent;
      if (e.time <= now && e.logicalId === undefined) return e;
    }
    return undefined;
  }

  /**
   * DescribeStacks' StackStatusReason: the latest stack event's, and after a rollback the reason
   * the rollback started (what a user wants to read on a ROLLBACK_COMPLETE stack).
   */
  statusReason(now: number): string | undefined {
    const latest = this.stackEvent(now);
    if (latest?.reason || !latest || !/ROLLBACK|^DELETE_COMPLETE$/.test(latest.status)) return latest?.reason;
    const since = this.operation?.start ?? 0;
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i] as StackEvent;
      if (e.time < since) break;
      if (e.time <= now && e.logicalId === undefined && e.reason && e.reason !== 'User Initiated') return e.reason;
    }
    return undefined;
  }

  status(now: number): string {
    return this.stackEvent(now)?.status ?? 'CREATE_IN_PROGRESS';
  }

  inProgress(now: number): boolean {
    return IN_PROGRESS.test(this.status(now));
  }

  /** Deleted as far as anyone asking by name can tell. */
  deleted(now: number): boolean {
    return this.status(now) === 'DELETE_COMPLETE';
  }

  /** Reached CREATE_COMPLETE at some point (so it has outputs). */
  everCompleted(now: number): boolean {
    return this.events.some((e) => e.time <= now && e.logicalId === undefined && e.status === 'CREATE_COMPLETE');
  }

  /** The latest event of each resource that has started, in first-seen order. */
  resourceStates(now: number): Map<string, StackEvent> {
    const out = new Map<string, StackEvent>();
    for (const e of this.events) {
      if (e.time <= now && e.logicalId !== undefined) out.set(e.logicalId, e);
    }
    return out;
  }

  /** Resources that exist now (started and not deleted), for a DeleteStack. */
  liveResources(now: number): PlannedResource[] {
    const out: PlannedResource[] = [];
    for (const [id, e] of this.resourceStates(now)) {
      const r = this.known.get(id);
      if (r && e.status !== 'DELETE_COMPLETE') out.push(r);
    }
    return out;
  }

  /** Adds an operation's events (stack events carry the stack's name as logical id when shown). */
  startOperation(kind: Operation['kind'], t0: number, timeline: OperationTimeline, token: string | undefined, effect: MotoEffect | undefined): void {
    for (const e of timeline.events) {
      this.events.push({ ...e, eventId: randomUUID(), ...(token === undefined ? {} : { token }) });
    }
    this.events.sort((a, b) => a.time - b.time); // stable: same-time events keep their order
    this.operation = { kind, start: t0, end: timeline.end, ...(token === undefined ? {} : { token }), ...(effect ? { effect } : {}) };
    if (kind === 'UPDATE') this.lastUpdated = t0;
  }

  /**
   * Stops the running operation at `now` (a DeleteStack while it runs): its future events are
   * dropped, resources still being created are cancelled, and its moto effect is not applied.
   */
  truncate(now: number): void {
    for (let i = this.events.length - 1; i >= 0; i--) {
      if ((this.events[i] as StackEvent).time > now) this.events.splice(i, 1);
    }
    for (const [id, e] of this.resourceStates(now)) {
      if (IN_PROGRESS.test(e.status)) {
        const verb = e.status.split('_')[0] ?? 'CREATE';
        this.events.push({
          time: now,
          eventId: randomUUID(),
          logicalId: id,
          resourceType: e.resourceType,
          status: `${verb}_FAILED`,
          reason: `Resource ${verb === 'CREATE' ? 'creation' : verb.toLowerCase()} cancelled`,
        });
      }
    }
    if (this.operation) delete this.operation.effect;
  }

  /** A REVIEW_IN_PROGRESS stack (made by a CREATE change set) has no resources yet. */
  addStackEvent(time: number, status: string, reason?: string): void {
    this.events.push({ time, eventId: randomUUID(), resourceType: 'AWS::CloudFormation::Stack', status, ...(reason ? { reason } : {}) });
  }

  physicalId(logicalId: string): string {
    let id = this.physicalIds.get(logicalId);
    if (id === undefined) {
      // moto made no physical resource (or none it reports): name it the way CloudFormation names things.
      id = `${this.stackName}-${logicalId}-${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
      this.physicalIds.set(logicalId, id);
    }
    return id;
  }
}
