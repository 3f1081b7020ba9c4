/**
 * Everything the proxy holds, in memory: its settings, the failures and faults armed by tests, the
 * stacks and change sets it paces, and the responses of idempotent requests by their tokens.
 */
import type { FaultKind, ProxyResponse } from './responses.js';
import type { StackRecord } from './stack-record.js';
import type { Plan } from './template.js';
import type { OnFailure } from './timeline.js';

export interface ProxySettings {
  /** How long each resource takes to create, update or delete. */
  paceMs: number;
  /** How long a change set stays CREATE_PENDING / CREATE_IN_PROGRESS. */
  changeSetPaceMs: number;
  /** Events per DescribeStackEvents page. */
  eventPageSize: number;
}

export const DEFAULT_SETTINGS: ProxySettings = { paceMs: 3000, changeSetPaceMs: 1000, eventPageSize: 100 };

/** Fail this resource the next time an operation on this stack creates or updates it. */
export interface FailureRule {
  readonly stackName: string;
  readonly logicalId: string;
  readonly reason: string;
  /** Keep failing on every operation (default: once). */
  readonly persistent: boolean;
}

/** Answer the next `remaining` calls of `action` (`*`: any) with a fault instead of forwarding them. */
export interface FaultRule {
  readonly action: string;
  /** SigV4 service name (`cloudformation`, `ec2`, …); any service when absent. */
  readonly service?: string;
  readonly kind: FaultKind;
  remaining: number;
}

export interface ChangeSetRecord {
  readonly id: string;
  readonly name: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly type: 'CREATE' | 'UPDATE';
  readonly createdAt: number;
  readonly readyAt: number;
  readonly templateBody: string | undefined;
  readonly parameters: Record<string, string>;
  readonly plan: Plan | undefined;
  readonly onStackFailure: OnFailure | undefined;
  /** Set by ExecuteChangeSet. */
  executedAt?: number;
}

export class ProxyState {
  readonly stacks = new Map<string, StackRecord>();
  readonly changeSets = new Map<string, ChangeSetRecord>();
  /** `Action:token` → the response the first request got. */
  readonly tokens = new Map<string, ProxyResponse>();
  failures: FailureRule[] = [];
  faults: FaultRule[] = [];

  constructor(readonly settings: ProxySettings = { ...DEFAULT_SETTINGS }) {}

  /** By StackId (any state), or by name: the stack of that name not yet deleted. */
  findStack(region: string, nameOrId: string, now: number): StackRecord | undefined {
    if (nameOrId.startsWith('arn:')) return this.stacks.get(nameOrId);
    let found: StackRecord | undefined;
    for (const s of this.stacks.values()) {
      if (s.region === region && s.stackName === nameOrId && !s.deleted(now)) found = s;
    }
    return found;
  }

  findChangeSet(nameOrId: string, stackNameOrId: string | null): ChangeSetRecord | undefined {
    if (nameOrId.startsWith('arn:')) return this.changeSets.get(nameOrId);
    let found: ChangeSetRecord | undefined;
    for (const c of this.changeSets.values()) {
      if (c.name === nameOrId && (stackNameOrId === null || c.stackName === stackNameOrId || c.stackId === stackNameOrId)) found = c;
    }
    return found;
  }

  /** The failure armed for one of `logicalIds` of this stack, left armed (what moto is sent depends on it). */
  peekFailure(stackName: string, logicalIds: ReadonlySet<string>): FailureRule | undefined {
    return this.failures.find((f) => f.stackName === stackName && logicalIds.has(f.logicalId));
  }

  /** The failure armed for one of `logicalIds` of this stack, consumed unless persistent. */
  takeFailure(stackName: string, logicalIds: ReadonlySet<string>): FailureRule | undefined {
    const rule = this.peekFailure(stackName, logicalIds);
    const i = rule ? this.failures.indexOf(rule) : -1;
    if (rule && !rule.persistent) this.failures.splice(i, 1);
    return rule;
  }

  takeFault(service: string, action: string | undefined): FaultKind | undefined {
    const rule = this.faults.find(
      (f) => f.remaining > 0 && (f.action === '*' || f.action === action) && (f.service === undefined || f.service === service),
    );
    if (!rule) return undefined;
    rule.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return rule.kind;
  }

  /** Forgets stacks, change sets, tokens, failures and faults (settings stay). */
  clear(): void {
    this.stacks.clear();
    this.changeSets.clear();
    this.tokens.clear();
    this.failures = [];
    this.faults = [];
  }

  snapshot(now: number): object {
    return {
      settings: this.settings,
      failures: this.failures,
      faults: this.faults,
      stacks: [...this.stacks.values()].map((s) => ({
        stackName: s.stackName,
        stackId: s.stackId,
        region: s.region,
        status: s.status(now),
        operation: s.operation ? { kind: s.operation.kind, endsInMs: Math.max(0, s.operation.end - now) } : undefined,
        resources: [...s.resourceStates(now)].map(([id, e]) => ({ logicalId: id, status: e.status })),
      })),
    };
  }
}
