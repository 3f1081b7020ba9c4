/**
 * Change sets: CreateChangeSet (CREATE or UPDATE) stays CREATE_PENDING, then CREATE_IN_PROGRESS,
 * for `changeSetPaceMs` before it can be executed, as on AWS; ExecuteChangeSet plays the
 * operation out like CreateStack/UpdateStack. DescribeChangeSet lists the changes the proxy worked
 * out from the templates (moto's own list misses resources behind Conditions).
 */
import { NOT_UPDATABLE, notUpdatableMessage, startOperation, withBody, withParams } from './cfn-context.js';
import type { CfnHandler } from './cfn-context.js';
import { adoptStack, planFor, refreshPhysicalIds, requestParameters, requestTemplate } from './cfn-moto.js';
import { idempotent, tokenKey } from './cfn-stacks.js';
import { paramsForMoto } from './failure-template.js';
import type { ChangeSetRecord } from './proxy-state.js';
import { cfnValidationError, queryError } from './responses.js';
import { StackRecord } from './stack-record.js';
import { diffPlans } from './template.js';
import type { PlannedResource } from './template.js';
import type { OnFailure } from './timeline.js';
import { childText, el, mapMembers, setChild } from './xml.js';

function changeXml(action: 'Add' | 'Modify' | 'Remove', r: PlannedResource): string {
  const replacement = action === 'Modify' ? '<Replacement>Conditional</Replacement><Scope><member>Properties</member></Scope>' : '';
  return `<member><Type>Resource</Type><ResourceChange>${el('Action', action)}${el('LogicalResourceId', r.id)}${el('ResourceType', r.type)}${replacement}</ResourceChange></member>`;
}

function changeSetStatus(cs: ChangeSetRecord, now: number): 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | undefined {
  if (now >= cs.readyAt) return undefined;
  return now < cs.createdAt + (cs.readyAt - cs.createdAt) / 2 ? 'CREATE_PENDING' : 'CREATE_IN_PROGRESS';
}

export const createChangeSet: CfnHandler = (ctx, req, now) => {
  const p = new URLSearchParams(req.params);
  const stackName = p.get('StackName') ?? '';
  const name = p.get('ChangeSetName') ?? '';
  // AWS defaults to UPDATE; moto defaults to CREATE (and would make a second stack of that name).
  if (!p.has('ChangeSetType')) p.set('ChangeSetType', 'UPDATE');
  const type = p.get('ChangeSetType') === 'CREATE' ? 'CREATE' : 'UPDATE';
  return idempotent(ctx.state, tokenKey('CreateChangeSet', req.region, stackName, p.get('ClientToken')), async () => {
    const existing = ctx.state.findStack(req.region, stackName, now) ?? (await adoptStack(ctx.state, ctx.moto, req.region, stackName, now));
    if (type === 'CREATE' && existing) {
      return cfnValidationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`);
    }
    if (type === 'UPDATE' && existing && NOT_UPDATABLE.test(existing.status(now))) {
      return cfnValidationError(notUpdatableMessage(existing, now));
    }
    if (existing && ctx.state.findChangeSet(name, existing.stackId)) {
      return queryError('AlreadyExistsException', `ChangeSet [${name}] already exists`);
    }
    const templateBody = await requestTemplate(ctx.moto, p, existing?.templateBody);
    const given = requestParameters(p, existing?.parameters ?? {});
    const toMoto = paramsForMoto(ctx.state, p, {
      stackName: existing?.stackName ?? stackName,
      templateBody,
      parameters: given,
      pseudo: { 'AWS::Region': req.region, 'AWS::StackName': existing?.stackName ?? stackName, ...(existing ? { 'AWS::StackId': existing.stackId } : {}) },
      before: type === 'UPDATE' && existing ? existing.plan : new Map(),
      previousTemplateBody: existing?.templateBody,
    });
    const res = await ctx.moto.forward(withParams(req, toMoto));
    if (res.status >= 300) return res;
    const body = res.body.toString('utf8');
    const id = childText(body, 'Id') ?? '';
    const stackId = childText(body, 'StackId') ?? '';
    let record = existing;
    if (!record) {
      record = new StackRecord(stackId, stackName, req.region, now);
      record.addStackEvent(now, 'REVIEW_IN_PROGRESS', 'User Initiated');
      ctx.state.stacks.set(stackId, record);
    }
    const planned = await planFor(ctx.moto, record, templateBody, given);
    const failure = p.get('OnStackFailure');
    ctx.state.changeSets.set(id, {
      id,
      name,
      stackId,
      stackName,
      type,
      createdAt: now,
      readyAt: now + ctx.state.settings.changeSetPaceMs,
      templateBody,
      parameters: planned.parameters,
      plan: planned.plan,
      onStackFailure: failure === 'DO_NOTHING' || failure === 'ROLLBACK' || failure === 'DELETE' ? failure : undefined,
    });
    return res;
  });
};

export const describeChangeSet: CfnHandler = async (ctx, req, now) => {
  const res = await ctx.moto.forward(req);
  if (res.status >= 300) return res;
  let body = res.body.toString('utf8');
  const cs = ctx.state.changeSets.get(childText(body, 'ChangeSetId') ?? '');
  if (!cs) return res;
  const pending = changeSetStatus(cs, now);
  if (pending) {
    body = setChild(setChild(setChild(body, 'Status', pending), 'ExecutionStatus', 'UNAVAILABLE'), 'StatusReason', undefined);
    return withBody(res, mapMembers(body, 'Changes', () => null));
  }
  const record = ctx.state.stacks.get(cs.stackId);
  if (cs.plan && childText(body, 'Status') !== 'FAILED') {
    const diff = diffPlans(cs.type === 'CREATE' ? new Map() : (record?.plan ?? new Map()), cs.plan);
    const changes = [
      ...diff.added.map((r) => changeXml('Add', r)),
      ...diff.modified.map((r) => changeXml('Modify', r)),
      ...diff.removed.map((r) => changeXml('Remove', r)),
    ];
    if (cs.executedAt === undefined) {
      body = body.includes('<Changes') ? mapMembers(body, 'Changes', () => null, changes) : body.replace('</DescribeChangeSetResult>', `<Changes>${changes.join('')}</Changes></DescribeChangeSetResult>`);
    }
  }
  if (cs.executedAt !== undefined && record) {
    const status = record.status(now);
    const execution = record.inProgress(now) ? 'EXECUTE_IN_PROGRESS' : /^(CREATE|UPDATE)_COMPLETE$/.test(status) ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
    body = setChild(body, 'ExecutionStatus', execution);
  }
  return withBody(res, body);
};

export const executeChangeSet: CfnHandler = (ctx, req, now) => {
  const p = req.params;
  const csName = p.get('ChangeSetName') ?? '';
  return idempotent(ctx.state, tokenKey('ExecuteChangeSet', req.region, csName, p.get('ClientRequestToken')), async () => {
    const cs = ctx.state.findChangeSet(csName, p.get('StackName'));
    if (!cs) return ctx.moto.forward(req);
    const pending = changeSetStatus(cs, now);
    if (pending || cs.executedAt !== undefined) {
      const status = pending ?? 'EXECUTE_COMPLETE';
      return queryError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be executed in its current status of [${status}]`);
    }
    const record = ctx.state.stacks.get(cs.stackId) ?? (await adoptStack(ctx.state, ctx.moto, req.region, cs.stackId, now));
    if (!record) return ctx.moto.forward(req);
    if (cs.type === 'UPDATE' && NOT_UPDATABLE.test(record.status(now))) return cfnValidationError(notUpdatableMessage(record, now));
    const before = { templateBody: record.templateBody, parameters: { ...record.parameters }, plan: record.plan };
    const res = await ctx.moto.forward(req);
    if (res.status >= 300) return res;
    cs.executedAt = now;
    // A template we could not read is planned from moto's resources, which exist only now.
    const planned = cs.plan && cs.plan.size > 0 ? { plan: cs.plan, parameters: cs.parameters } : await planFor(ctx.moto, record, cs.templateBody, cs.parameters);
    record.templateBody = cs.templateBody;
    record.parameters = planned.parameters;
    record.setPlan(planned.plan);
    const disableRollback = p.get('DisableRollback') === 'true';
    const token = p.get('ClientRequestToken');
    if (cs.type === 'CREATE') {
      const onFailure: OnFailure = disableRollback ? 'DO_NOTHING' : (cs.onStackFailure ?? 'ROLLBACK');
      const failure = ctx.state.takeFailure(record.stackName, new Set(planned.plan.keys()));
      startOperation(ctx, record, now, { kind: 'CREATE', create: [...planned.plan.values()], update: [], remove: [], onFailure, ...(failure ? { failure } : {}) }, token);
    } else {
      const diff = diffPlans(before.plan, planned.plan);
      const failure = ctx.state.takeFailure(record.stackName, new Set([...diff.added, ...diff.modified].map((r) => r.id)));
      const onFailure: OnFailure = disableRollback ? 'DO_NOTHING' : 'ROLLBACK';
      startOperation(
        ctx,
        record,
        now,
        { kind: 'UPDATE', create: diff.added, update: diff.modified, remove: diff.removed, onFailure, ...(failure ? { failure } : {}) },
        token,
        before,
      );
    }
    await refreshPhysicalIds(ctx.moto, record);
    return res;
  });
};

export const deleteChangeSet: CfnHandler = async (ctx, req) => {
  const res = await ctx.moto.forward(req);
  if (res.status < 300) {
    const cs = ctx.state.findChangeSet(req.params.get('ChangeSetName') ?? '', req.params.get('StackName'));
    if (cs) ctx.state.changeSets.delete(cs.id);
  }
  return res;
};
