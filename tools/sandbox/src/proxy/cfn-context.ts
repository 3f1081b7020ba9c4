/**
 * What every CloudFormation handler gets, and the two things they share: starting a paced
 * operation on a stack, and applying moto-side effects once their operation has ended.
 */
import type { AwsRequest } from './aws-request.js';
import { describeStackMember } from './cfn-moto.js';
import type { MotoClient } from './moto-client.js';
import { sweepLeftovers } from './moto-sweep.js';
import type { ProxyState } from './proxy-state.js';
import type { ProxyResponse } from './responses.js';
import type { MotoEffect, StackRecord } from './stack-record.js';
import type { Plan } from './template.js';
import { planOperation } from './timeline.js';
import type { OperationSpec } from './timeline.js';

export interface CfnContext {
  readonly state: ProxyState;
  readonly moto: MotoClient;
  /** Effects run one at a time, in order. */
  settling: Promise<void>;
}

/** A CloudFormation handler; `now` is taken once per request, so settle and handler agree. */
export type CfnHandler = (ctx: CfnContext, req: AwsRequest, now: number) => Promise<ProxyResponse>;

export interface RevertTo {
  readonly templateBody: string | undefined;
  readonly parameters: Readonly<Record<string, string>>;
  readonly plan: Plan;
}

/** Plays `spec` on the stack's virtual timeline from `now`, at the current pace. */
export function startOperation(
  ctx: CfnContext,
  record: StackRecord,
  now: number,
  spec: Omit<OperationSpec, 't0' | 'paceMs'>,
  token: string | null,
  revertTo?: RevertTo,
): void {
  const timeline = planOperation({ ...spec, t0: now, paceMs: ctx.state.settings.paceMs });
  let effect: MotoEffect | undefined;
  if (timeline.effect === 'delete') effect = { kind: 'delete' };
  if (timeline.effect === 'revert' && revertTo?.templateBody !== undefined) {
    effect = { kind: 'revert', templateBody: revertTo.templateBody, parameters: revertTo.parameters, plan: revertTo.plan };
  }
  record.startOperation(spec.kind, now, timeline, token ?? undefined, effect);
}

/** Applies the moto effects whose operation has ended by `now` (serialised across requests). */
export function settle(ctx: CfnContext, now: number): Promise<void> {
  ctx.settling = ctx.settling.then(() => applyDueEffects(ctx, now)).catch((err: unknown) => {
    process.stderr.write(`sandbox proxy: applying a moto effect failed: ${String(err)}\n`);
  });
  return ctx.settling;
}

async function applyDueEffects(ctx: CfnContext, now: number): Promise<void> {
  for (const record of ctx.state.stacks.values()) {
    const op = record.operation;
    const effect = op?.effect;
    if (!op || !effect || op.end > now) continue;
    delete op.effect;
    if (effect.kind === 'delete') {
      // moto keeps a cleanly deleted stack by id, but forgets one whose delete failed inside
      // (a VPC with an internet gateway): keep its last description for DescribeStacks by id.
      record.snapshot = (await describeStackMember(ctx.moto, record.region, record.stackId)) ?? record.snapshot;
      const deleted = await ctx.moto.cfn(record.region, 'DeleteStack', { StackName: record.stackId });
      if (!deleted.ok) await sweepLeftovers(ctx.moto, record);
      record.motoDeleted = true;
    } else {
      const params: Record<string, string> = { StackName: record.stackId, TemplateBody: effect.templateBody };
      Object.entries(effect.parameters).forEach(([k, v], i) => {
        params[`Parameters.member.${i + 1}.ParameterKey`] = k;
        params[`Parameters.member.${i + 1}.ParameterValue`] = v;
      });
      // Best effort: moto cannot take back every change (a replaced EC2 instance answers 500).
      await ctx.moto.cfn(record.region, 'UpdateStack', params);
      record.templateBody = effect.templateBody;
      record.parameters = { ...effect.parameters };
      record.setPlan(effect.plan);
    }
  }
}

/** The same request with other form parameters (content-length follows). */
export function withParams(req: AwsRequest, params: URLSearchParams): AwsRequest {
  return { ...req, params, body: Buffer.from(params.toString(), 'utf8') };
}

/** moto's response with an edited XML body. */
export function withBody(res: ProxyResponse, body: string): ProxyResponse {
  const headers = { ...res.headers };
  delete headers['content-length'];
  return { ...res, headers, body: Buffer.from(body, 'utf8') };
}

/** Statuses in which CloudFormation refuses UpdateStack / an UPDATE change set. */
export const NOT_UPDATABLE = /_IN_PROGRESS$|^(CREATE_FAILED|ROLLBACK_COMPLETE|ROLLBACK_FAILED|DELETE_FAILED|DELETE_COMPLETE)$/;

export const notUpdatableMessage = (record: StackRecord, now: number): string =>
  `Stack:${record.stackId} is in ${record.status(now)} state and can not be updated.`;
