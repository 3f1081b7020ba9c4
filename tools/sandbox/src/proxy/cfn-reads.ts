/**
 * The read side: everything a caller polls shows the virtual timeline. Events and resources of
 * a paced stack are the proxy's own; DescribeStacks and ListStacks are moto's with the status
 * (and timestamps, and outputs) made to match. Stacks the proxy does not pace are moto's, as is.
 */
import { withBody, withParams } from './cfn-context.js';
import type { CfnHandler } from './cfn-context.js';
import { eventXml, patchStackMember, resourceXml, stackSummaryXml } from './cfn-render.js';
import { stringList } from './aws-request.js';
import { FAILURE_MARKER } from './failure-template.js';
import { cfnResult, cfnValidationError } from './responses.js';
import type { StackRecord } from './stack-record.js';
import { childText, el, escapeXml, mapMembers } from './xml.js';

function pageToken(stackId: string, before: number): string {
  return Buffer.from(JSON.stringify({ s: stackId, b: before })).toString('base64url');
}

function readPageToken(token: string, stackId: string): number | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: unknown; b?: unknown };
    return t.s === stackId && typeof t.b === 'number' ? t.b : undefined;
  } catch {
    return undefined;
  }
}

export const describeStacks: CfnHandler = async (ctx, req, now) => {
  const name = req.params.get('StackName');
  const res = await ctx.moto.forward(req);
  if (res.status >= 300) {
    // moto forgets a stack whose delete failed inside it; AWS still describes it by id.
    const record = name?.startsWith('arn:') ? ctx.state.stacks.get(name) : undefined;
    if (record?.snapshot) return cfnResult('DescribeStacks', `<Stacks>${patchStackMember(record.snapshot, record, now)}</Stacks>`);
    return res;
  }
  const body = mapMembers(res.body.toString('utf8'), 'Stacks', (m) => {
    const record = ctx.state.stacks.get(childText(m, 'StackId') ?? '');
    return record ? patchStackMember(m, record, now) : m;
  });
  return withBody(res, body);
};

export const describeStackEvents: CfnHandler = async (ctx, req, now) => {
  const record = ctx.state.findStack(req.region, req.params.get('StackName') ?? '', now);
  if (!record) return ctx.moto.forward(req);
  const visible = record.visibleEvents(now);
  const token = req.params.get('NextToken');
  const before = token === null ? visible.length : readPageToken(token, record.stackId);
  if (before === undefined) return cfnValidationError('Invalid NextToken');
  const from = Math.max(0, before - ctx.state.settings.eventPageSize);
  // Newest first, as AWS lists them; the token marks where the next (older) page starts.
  const page = visible.slice(from, before).reverse();
  const next = from > 0 ? el('NextToken', pageToken(record.stackId, from)) : '';
  return cfnResult('DescribeStackEvents', `<StackEvents>${page.map((e) => `<member>${eventXml(record, e)}</member>`).join('')}</StackEvents>${next}`);
};

/** By StackName, or (DescribeStackResources) by a resource's physical id. */
function recordFor(ctx: Parameters<CfnHandler>[0], region: string, params: URLSearchParams, now: number): StackRecord | undefined {
  const name = params.get('StackName');
  if (name) return ctx.state.findStack(region, name, now);
  const physical = params.get('PhysicalResourceId');
  if (!physical) return undefined;
  return [...ctx.state.stacks.values()].find((s) => s.region === region && [...s.physicalIds.values()].includes(physical));
}

export const describeStackResources: CfnHandler = async (ctx, req, now) => {
  const record = recordFor(ctx, req.region, req.params, now);
  if (!record) return ctx.moto.forward(req);
  const only = req.params.get('LogicalResourceId');
  const items = [...record.resourceStates(now).values()]
    .filter((e) => only === null || e.logicalId === only)
    .map((e) => `<member>${resourceXml(record, e, 'StackResource')}</member>`);
  return cfnResult('DescribeStackResources', `<StackResources>${items.join('')}</StackResources>`);
};

export const describeStackResource: CfnHandler = async (ctx, req, now) => {
  const record = recordFor(ctx, req.region, req.params, now);
  if (!record) return ctx.moto.forward(req);
  const id = req.params.get('LogicalResourceId') ?? '';
  const e = record.resourceStates(now).get(id);
  if (!e) return cfnValidationError(`Resource ${id} does not exist for stack ${record.stackName}`);
  return cfnResult('DescribeStackResource', `<StackResourceDetail>${resourceXml(record, e, 'StackResourceDetail')}</StackResourceDetail>`);
};

export const listStackResources: CfnHandler = async (ctx, req, now) => {
  const record = recordFor(ctx, req.region, req.params, now);
  if (!record) return ctx.moto.forward(req);
  const items = [...record.resourceStates(now).values()].map((e) => `<member>${resourceXml(record, e, 'StackResourceSummary')}</member>`);
  return cfnResult('ListStackResources', `<StackResourceSummaries>${items.join('')}</StackResourceSummaries>`);
};

export const listStacks: CfnHandler = async (ctx, req, now) => {
  // moto filters by its own statuses; filter by the virtual ones here instead.
  const wanted = new Set(stringList(req.params, 'StackStatusFilter'));
  const params = new URLSearchParams([...req.params].filter(([k]) => !k.startsWith('StackStatusFilter.')));
  const res = await ctx.moto.forward(withParams(req, params));
  if (res.status >= 300) return res;
  const keep = (m: string): string | null => (wanted.size === 0 || wanted.has(childText(m, 'StackStatus') ?? '') ? m : null);
  const seen = new Set<string>();
  let body = mapMembers(res.body.toString('utf8'), 'StackSummaries', (m) => {
    const id = childText(m, 'StackId') ?? '';
    seen.add(id);
    const record = ctx.state.stacks.get(id);
    return keep(record ? stackSummaryXml(record, now, m) : m);
  });
  // Stacks moto forgot (a delete that failed inside moto) are still listed by AWS, as deleted.
  const forgotten = [...ctx.state.stacks.values()]
    .filter((s) => s.region === req.region && s.motoDeleted && !seen.has(s.stackId))
    .map((s) => keep(stackSummaryXml(s, now)))
    .filter((m): m is string => m !== null);
  if (forgotten.length > 0) body = mapMembers(body, 'StackSummaries', (m) => m, forgotten);
  return withBody(res, body);
};

export const getTemplate: CfnHandler = async (ctx, req, now) => {
  const res = await ctx.moto.forward(req);
  const name = req.params.get('StackName') ?? '';
  const csName = req.params.get('ChangeSetName');
  if (res.status < 300) {
    // moto holds the template without what an injected failure kept from being created: show the caller's.
    if (!res.body.toString('utf8').includes(FAILURE_MARKER)) return res;
    const original = csName ? ctx.state.findChangeSet(csName, name || null)?.templateBody : ctx.state.findStack(req.region, name, now)?.templateBody;
    return original === undefined ? res : cfnResult('GetTemplate', `<TemplateBody>${escapeXml(original)}</TemplateBody>`);
  }
  const record = name.startsWith('arn:') ? ctx.state.stacks.get(name) : undefined;
  if (record?.templateBody === undefined) return res;
  return cfnResult('GetTemplate', `<TemplateBody>${escapeXml(record.templateBody)}</TemplateBody>`);
};
