/**
 * {@link FakeStack}: an in-memory CloudFormation stack whose operations unfold as scripted events,
 * a few per `watchStack` call, the way a real create reports progress over minutes.
 */
import type { OnFailure, StackEventView, StackFailure, StackPhase, StackSnapshot, WatchStackInput } from '@kube-aws/aws';

export type Operation = WatchStackInput['operation'];

/** A scripted event; a stack-level event (logicalId = stack name) also sets the stack status. */
interface ScriptedEvent {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
}

const ASSETS_RESOURCES: readonly [string, string][] = [
  ['VPC', 'AWS::EC2::VPC'],
  ['Subnet0', 'AWS::EC2::Subnet'],
  ['InternetGateway', 'AWS::EC2::InternetGateway'],
  ['AssetsBucket', 'AWS::S3::Bucket'],
  ['ControllerRole', 'AWS::IAM::Role'],
  ['WorkerRole', 'AWS::IAM::Role'],
];
const NODE_RESOURCES: readonly [string, string][] = [
  ['Controller', 'AWS::EC2::Instance'],
  ['ControllerEIP', 'AWS::EC2::EIP'],
  ['Workers', 'AWS::AutoScaling::AutoScalingGroup'],
];

let eventSeq = 0;
let stackSeq = 0;

export class FakeStack {
  readonly stackId: string;
  status: string;
  statusReason: string | undefined;
  phase: StackPhase | undefined;
  /** Digest key of the node configs the nodes phase was deployed with. */
  digestKey: string | undefined;
  token: string | undefined;
  owned: boolean;
  outputs: Record<string, string> = {};
  readonly events: StackEventView[] = [];
  operation: Operation = 'CREATE';
  /** Event id before the current operation's first event. */
  operationStart: string | undefined;
  private pending: ScriptedEvent[] = [];
  private failures: StackFailure[] = [];
  private onSettled: (() => void) | undefined;

  constructor(
    readonly stackName: string,
    readonly region: string,
    account: string,
    init: { status: string; phase?: StackPhase; owned?: boolean; statusReason?: string; outputs?: Record<string, string>; digestKey?: string },
  ) {
    stackSeq += 1;
    this.stackId = `arn:aws:cloudformation:${region}:${account}:stack/${stackName}/fake-${stackSeq}`;
    this.status = init.status;
    this.statusReason = init.statusReason;
    this.phase = init.phase;
    this.owned = init.owned ?? true;
    this.outputs = { ...(init.outputs ?? {}) };
    this.digestKey = init.digestKey;
  }

  get settled(): boolean {
    return this.pending.length === 0;
  }

  /** Starts a create (Phase=assets); `fail` makes those resources fail, then `onFailure` applies. */
  startCreate(fail: readonly StackFailure[], onFailure: OnFailure): void {
    const ok = fail.length === 0;
    const script: ScriptedEvent[] = [this.stackEvent('CREATE_IN_PROGRESS', 'User Initiated')];
    for (const [id, type] of ASSETS_RESOURCES) {
      script.push({ logicalId: id, resourceType: type, status: 'CREATE_IN_PROGRESS' });
      const failure = fail.find((f) => f.logicalId === id);
      if (failure) {
        script.push({ logicalId: id, resourceType: type, status: 'CREATE_FAILED', reason: failure.reason });
        break;
      }
      script.push({ logicalId: id, resourceType: type, status: 'CREATE_COMPLETE' });
    }
    if (ok) {
      script.push(this.stackEvent('CREATE_COMPLETE'));
    } else if (onFailure === 'DO_NOTHING') {
      script.push(this.stackEvent('CREATE_FAILED', 'The following resource(s) failed to create: ' + fail.map((f) => f.logicalId).join(', ')));
    } else {
      script.push(this.stackEvent('ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: ' + fail.map((f) => f.logicalId).join(', ')));
      script.push(this.stackEvent(onFailure === 'DELETE' ? 'DELETE_COMPLETE' : 'ROLLBACK_COMPLETE'));
    }
    this.begin('CREATE', script, fail, () => {
      if (!ok) return;
      this.phase = 'assets';
      this.outputs = { AssetsBucket: `${this.stackName}-assetsbucket-fake`, VpcId: 'vpc-fake', SubnetIds: 'subnet-fake0' };
    });
  }

  /** Starts the update to Phase=nodes; `fail` makes those resources fail and the update roll back. */
  startNodes(digestKey: string, fail: readonly StackFailure[]): void {
    const ok = fail.length === 0;
    const script: ScriptedEvent[] = [this.stackEvent('UPDATE_IN_PROGRESS', 'User Initiated')];
    for (const [id, type] of NODE_RESOURCES) {
      script.push({ logicalId: id, resourceType: type, status: 'CREATE_IN_PROGRESS' });
      const failure = fail.find((f) => f.logicalId === id);
      if (failure) {
        script.push({ logicalId: id, resourceType: type, status: 'CREATE_FAILED', reason: failure.reason });
        break;
      }
      script.push({ logicalId: id, resourceType: type, status: 'CREATE_COMPLETE' });
    }
    if (ok) {
      script.push(this.stackEvent('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'), this.stackEvent('UPDATE_COMPLETE'));
    } else {
      script.push(this.stackEvent('UPDATE_ROLLBACK_IN_PROGRESS'), this.stackEvent('UPDATE_ROLLBACK_COMPLETE'));
    }
    this.begin('UPDATE', script, fail, () => {
      if (!ok) return;
      this.phase = 'nodes';
      this.digestKey = digestKey;
      this.outputs = { ...this.outputs, ControllerIP: '203.0.113.10', ControllerPrivateIP: '10.0.0.50', WorkerAutoScalingGroup: `${this.stackName}-Workers-fake` };
    });
  }

  /** Starts a delete; `fail` makes those resources fail to delete (DELETE_FAILED). */
  startDelete(fail: readonly StackFailure[]): void {
    const script: ScriptedEvent[] = [this.stackEvent('DELETE_IN_PROGRESS', 'User Initiated')];
    for (const [id, type] of [...NODE_RESOURCES, ...ASSETS_RESOURCES].reverse()) {
      const failure = fail.find((f) => f.logicalId === id);
      script.push({ logicalId: id, resourceType: type, status: 'DELETE_IN_PROGRESS' });
      script.push(failure ? { logicalId: id, resourceType: type, status: 'DELETE_FAILED', reason: failure.reason } : { logicalId: id, resourceType: type, status: 'DELETE_COMPLETE' });
    }
    script.push(this.stackEvent(fail.length === 0 ? 'DELETE_COMPLETE' : 'DELETE_FAILED'));
    this.begin('DELETE', script, fail, undefined);
  }

  /** Emits up to `n` scripted events; returns the events after `afterEventId`. */
  advance(n: number, afterEventId: string | undefined): StackEventView[] {
    for (let i = 0; i < n && this.pending.length > 0; i++) {
      const next = this.pending.shift() as ScriptedEvent;
      eventSeq += 1;
      this.events.push({
        eventId: `fake-event-${String(eventSeq).padStart(6, '0')}`,
        timestamp: new Date().toISOString(),
        logicalId: next.logicalId,
        resourceType: next.resourceType,
        status: next.status,
        ...(next.reason === undefined ? {} : { reason: next.reason }),
      });
      if (next.logicalId === this.stackName) {
        this.status = next.status;
        this.statusReason = next.reason;
      }
      if (this.pending.length === 0) this.onSettled?.();
    }
    const from = afterEventId === undefined ? 0 : this.events.findIndex((e) => e.eventId === afterEventId) + 1;
    return this.events.slice(from);
  }

  /** The failures of the current operation (empty while it runs or when it succeeded). */
  operationFailures(): StackFailure[] {
    return this.settled ? [...this.failures] : [];
  }

  snapshot(): StackSnapshot {
    return {
      stackId: this.stackId,
      stackName: this.stackName,
      status: this.status,
      ...(this.statusReason === undefined ? {} : { statusReason: this.statusReason }),
      outputs: { ...this.outputs },
      parameters: this.phase === undefined ? {} : { Phase: this.phase },
      tags: this.owned ? { 'kube-aws:cluster': this.stackName } : {},
      ownedByKubeAws: this.owned,
    };
  }

  private begin(operation: Operation, script: ScriptedEvent[], fail: readonly StackFailure[], onSettled: (() => void) | undefined): void {
    this.operation = operation;
    this.operationStart = this.events[this.events.length - 1]?.eventId;
    this.pending = script;
    this.failures = fail.map((f) => ({ ...f }));
    this.onSettled = onSettled;
    // The first event is what CloudFormation reports at once: the stack is now in progress.
    this.advance(1, undefined);
  }

  private stackEvent(status: string, reason?: string): ScriptedEvent {
    return { logicalId: this.stackName, resourceType: 'AWS::CloudFormation::Stack', status, ...(reason === undefined ? {} : { reason }) };
  }
}
