/**
 * CreateStack, UpdateStack and DeleteStack: moto does the work at once (create and update), the
 * proxy plays it out on the stack's virtual timeline. A repeated request with the same
 * ClientRequestToken gets the first one's response, as on AWS.
 */
import { NOT_UPDATABLE, notUpdatableMessage, startOperation, withParams } from './cfn-context.js';
import type { CfnHandler } from './cfn-context.js';
import { adoptStack, describeStackMember, planFor, refreshPhysicalIds, requestParameters, requestTemplate } from './cfn-moto.js';
import { paramsForMoto } from './failure-template.js';
import type { ProxyState } from './proxy-state.js';
import { cfnResult, cfnValidationError } from './responses.js';
import type { ProxyResponse } from './responses.js';
import { StackRecord } from './stack-record.js';
import { diffPlans, parseTemplate, planTemplate, resolveParameters } from './template.js';
import type { Plan } from './template.js';
import type { OnFailure } from './timeline.js';
import { childText, el, members } from './xml.js';

/** Runs `fn` unless a request with the same token already ran; remembers a successful answer. */
export async function idempotent(state: ProxyState, key: string | undefined, fn: () => Promise<ProxyResponse>): Promise<ProxyResponse> {
  const earlier = key === undefined ? undefined : state.tokens.get(key);
  if (earlier) return earlier;
  const res = await fn();
  if (key !== undefined && res.status < 300) state.tokens.set(key, res);
  return res;
}

export function tokenKey(action: string, region: string, scope: string | null, token: string | null): string | undefined {
  return token ? `${action}:${region}:${scope ?? ''}:${token}` : undefined;
}

function onFailureOf(params: URLSearchParams, fallback: OnFailure = 'ROLLBACK'): OnFailure {
  if (params.get('DisableRollback') === 'true') return 'DO_NOTHING';
  const v = params.get('OnFailure');
  return v === 'DO_NOTHING' || v === 'DELETE' || v === 'ROLLBACK' ? v : fallback;
}

/**
 * moto builds resources inside CreateStack and, when one fails (a type or attribute it does not
 * model), answers the call with an error and leaves the stack CREATE_IN_PROGRESS. AWS would have
 * accepted the call and failed that resource: so does the proxy. Which resource moto stopped at
 * comes from the CREATE_FAILED event moto/launch.py makes moto record.
 */
async function motoFailedResource(
  ctx: Parameters<CfnHandler>[0],
  region: string,
  name: string,
  plan: Plan,
  code: string | undefined,
  message: string,
): Promise<{ stackId: string; logicalId: string; reason: string } | undefined> {
  if (code === 'AlreadyExistsException') return undefined;
  const member = await describeStackMember(ctx.moto, region, name);
  const stackId = member && childText(member, 'StackId');
  if (!stackId || childText(member, 'StackStatus') !== 'CREATE_IN_PROGRESS' || ctx.state.stacks.has(stackId)) return undefined;
  const events = await ctx.moto.cfn(region, 'DescribeStackEvents', { StackName: stackId });
  const failed = members(events.body, 'StackEvents').find((e) => childText(e, 'ResourceStatus') === 'CREATE_FAILED');
  const logicalId = failed ? childText(failed, 'LogicalResourceId') : undefined;
  // Without the event (moto started without launch.py), blame the first resource: better than a 400.
  const id = logicalId && plan.has(logicalId) ? logicalId : plan.keys().next().value;
  if (id === undefined) return undefined;
  return { stackId, logicalId: id, reason: (failed && childText(failed, 'ResourceStatusReason')) ?? `${code ?? 'InternalFailure'}: ${message}` };
}

export const createStack: CfnHandler = (ctx, req, now) => {
  const p = req.params;
  const name = p.get('StackName') ?? '';
  return idempotent(ctx.state, tokenKey('CreateStack', req.region, name, p.get('ClientRequestToken')), async () => {
    const templateBody = await requestTemplate(ctx.moto, p, undefined);
    const given = requestParameters(p, {});
    const pseudo = { 'AWS::Region': req.region, 'AWS::StackName': name };
    const toMoto = paramsForMoto(ctx.state, p, { stackName: name, templateBody, parameters: given, pseudo, before: new Map(), previousTemplateBody: undefined });
    let res = await ctx.moto.forward(toMoto === p ? req : withParams(req, toMoto));
    let stackId = res.status < 300 ? childText(res.body.toString('utf8'), 'StackId') : undefined;
    let failure: { logicalId: string; reason: string } | undefined;
    if (stackId === undefined) {
      // Which resource moto stopped at can only be told from a template we can read.
      const template = parseTemplate(templateBody);
      if (!template) return res;
      const plan = planTemplate(template, resolveParameters(template, given), pseudo);
      const body = res.body.toString('utf8');
      const found = await motoFailedResource(ctx, req.region, name, plan, childText(body, 'Code'), childText(body, 'Message') ?? body);
      if (!found) return res;
      stackId = found.stackId;
      failure = { logicalId: found.logicalId, reason: found.reason };
      res = cfnResult('CreateStack', el('StackId', stackId));
    }
    const record = new StackRecord(stackId, name, req.region, now);
    const planned = await planFor(ctx.moto, record, templateBody, given);
    record.templateBody = templateBody;
    record.parameters = planned.parameters;
    record.setPlan(planned.plan);
    ctx.state.stacks.set(stackId, record);
    const create = [...record.plan.values()];
    const fromMoto = failure !== undefined;
    failure ??= ctx.state.takeFailure(name, new Set(record.plan.keys()));
    startOperation(ctx, record, now, { kind: 'CREATE', create, update: [], remove: [], onFailure: onFailureOf(p), ...(failure ? { failure } : {}) }, p.get('ClientRequestToken'));
    // Describing the resources of a stack moto gave up on makes moto try to create them again.
    if (!fromMoto) await refreshPhysicalIds(ctx.moto, record);
    return res;
  });
};

export const updateStack: CfnHandler = (ctx, req, now) => {
  const p = req.params;
  const name = p.get('StackName') ?? '';
  return idempotent(ctx.state, tokenKey('UpdateStack', req.region, name, p.get('ClientRequestToken')), async () => {
    const record = ctx.state.findStack(req.region, name, now) ?? (await adoptStack(ctx.state, ctx.moto, req.region, name, now));
    if (!record) return ctx.moto.forward(req);
    if (NOT_UPDATABLE.test(record.status(now))) return cfnValidationError(notUpdatableMessage(record, now));
    const before = { templateBody: record.templateBody, parameters: { ...record.parameters }, plan: record.plan };
    const templateBody = await requestTemplate(ctx.moto, p, before.templateBody);
    const given = requestParameters(p, before.parameters);
    const toMoto = paramsForMoto(ctx.state, p, {
      stackName: record.stackName,
      templateBody,
      parameters: given,
      pseudo: { 'AWS::Region': record.region, 'AWS::StackName': record.stackName, 'AWS::StackId': record.stackId },
      before: before.plan,
      previousTemplateBody: before.templateBody,
    });
    const res = await ctx.moto.forward(toMoto === p ? req : withParams(req, toMoto));
    if (res.status >= 300) return res;
    const planned = await planFor(ctx.moto, record, templateBody, given);
    const diff = diffPlans(before.plan, planned.plan);
    record.templateBody = templateBody;
    record.parameters = planned.parameters;
    record.setPlan(planned.plan);
    const failure = ctx.state.takeFailure(record.stackName, new Set([...diff.added, ...diff.modified].map((r) => r.id)));
    startOperation(
      ctx,
      record,
      now,
      { kind: 'UPDATE', create: diff.added, update: diff.modified, remove: diff.removed, onFailure: onFailureOf(p), ...(failure ? { failure } : {}) },
      p.get('ClientRequestToken'),
      before,
    );
    await refreshPhysicalIds(ctx.moto, record);
    return res;
  });
};

export const deleteStack: CfnHandler = (ctx, req, now) => {
  const p = req.params;
  const name = p.get('StackName') ?? '';
  return idempotent(ctx.state, tokenKey('DeleteStack', req.region, name, p.get('ClientRequestToken')), async () => {
    const record = ctx.state.findStack(req.region, name, now) ?? (await adoptStack(ctx.state, ctx.moto, req.region, name, now));
    // No such stack: AWS answers DeleteStack with success, and so does moto.
    if (!record) return ctx.moto.forward(req);
    const status = record.status(now);
    if (status === 'DELETE_IN_PROGRESS' || status === 'DELETE_COMPLETE') return cfnResult('DeleteStack', undefined);
    if (record.inProgress(now)) record.truncate(now);
    startOperation(ctx, record, now, { kind: 'DELETE', create: [], update: [], remove: record.liveResources(now), onFailure: 'DO_NOTHING' }, p.get('ClientRequestToken'));
    return cfnResult('DeleteStack', undefined);
  });
};
