/**
 * What the proxy reads from moto's CloudFormation to keep its records true: a stack's
 * DescribeStacks entry, its resources' physical ids, its template; and how a stack moto has but
 * the proxy never saw (made before the proxy started) is taken on.
 */
import { memberList } from './aws-request.js';
import type { MotoClient } from './moto-client.js';
import type { ProxyState } from './proxy-state.js';
import { StackRecord } from './stack-record.js';
import { parseTemplate, planTemplate, resolveParameters, sequentialPlan } from './template.js';
import type { Plan } from './template.js';
import { childText, members, unescapeXml } from './xml.js';

export async function describeStackMember(moto: MotoClient, region: string, nameOrId: string): Promise<string | undefined> {
  const res = await moto.cfn(region, 'DescribeStacks', { StackName: nameOrId });
  return res.ok ? members(res.body, 'Stacks')[0] : undefined;
}

export interface MotoResource {
  readonly id: string;
  readonly type: string;
  readonly physicalId?: string;
}

export async function motoResources(moto: MotoClient, region: string, stackId: string): Promise<MotoResource[]> {
  const res = await moto.cfn(region, 'DescribeStackResources', { StackName: stackId });
  if (!res.ok) return [];
  const out: MotoResource[] = [];
  for (const m of members(res.body, 'StackResources')) {
    const id = childText(m, 'LogicalResourceId');
    if (id === undefined) continue; // moto lists some resources it only half models without a logical id
    const physicalId = childText(m, 'PhysicalResourceId');
    out.push({ id, type: childText(m, 'ResourceType') ?? 'AWS::CloudFormation::CustomResource', ...(physicalId ? { physicalId } : {}) });
  }
  return out;
}

export async function motoTemplate(moto: MotoClient, region: string, stackId: string): Promise<string | undefined> {
  const res = await moto.cfn(region, 'GetTemplate', { StackName: stackId });
  const m = res.ok ? /<TemplateBody>([\s\S]*?)<\/TemplateBody>/.exec(res.body) : null;
  return m?.[1] === undefined ? undefined : unescapeXml(m[1]);
}

/** Bucket and key of a TemplateURL in any of S3's URL styles, or of a `localhost` URL (as moto accepts). */
export function parseTemplateUrl(url: string): { bucket: string; key: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const path = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const virtualHost = /^(.+)\.s3[.-]/.exec(u.hostname);
  if (virtualHost?.[1]) return { bucket: virtualHost[1], key: path };
  const slash = path.indexOf('/');
  return slash > 0 ? { bucket: path.slice(0, slash), key: path.slice(slash + 1) } : undefined;
}

/** The template a create/update request carries: inline, by URL (read from moto's S3), or the previous one. */
export async function requestTemplate(moto: MotoClient, params: URLSearchParams, previous: string | undefined): Promise<string | undefined> {
  const body = params.get('TemplateBody');
  if (body !== null) return body;
  const url = params.get('TemplateURL');
  if (url !== null) {
    const where = parseTemplateUrl(url);
    return where ? moto.s3Object(where.bucket, where.key) : undefined;
  }
  return params.get('UsePreviousTemplate') === 'true' ? previous : undefined;
}

/** Parameter values of a request, `UsePreviousValue` taken from the stack's current values. */
export function requestParameters(params: URLSearchParams, previous: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of memberList(params, 'Parameters')) {
    const key = p['ParameterKey'];
    if (key === undefined) continue;
    const value = p['UsePreviousValue'] === 'true' ? previous[key] : p['ParameterValue'];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The resources an operation deals with: from the template when it is JSON, else moto's list in moto's order. */
export async function planFor(
  moto: MotoClient,
  record: StackRecord,
  templateBody: string | undefined,
  parameters: Readonly<Record<string, string>>,
): Promise<{ plan: Plan; parameters: Record<string, string> }> {
  const template = parseTemplate(templateBody);
  if (template) {
    const resolved = resolveParameters(template, parameters);
    const pseudo = { 'AWS::Region': record.region, 'AWS::StackName': record.stackName, 'AWS::StackId': record.stackId };
    return { plan: planTemplate(template, resolved, pseudo), parameters: resolved };
  }
  return { plan: sequentialPlan(await motoResources(moto, record.region, record.stackId)), parameters: { ...parameters } };
}

export async function refreshPhysicalIds(moto: MotoClient, record: StackRecord): Promise<void> {
  for (const r of await motoResources(moto, record.region, record.stackId)) {
    if (r.physicalId) record.physicalIds.set(r.id, r.physicalId);
  }
}

/** Parameters of a DescribeStacks member. */
export function memberParameters(member: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of members(member, 'Parameters')) {
    const k = childText(p, 'ParameterKey');
    if (k !== undefined) out[k] = childText(p, 'ParameterValue') ?? '';
  }
  return out;
}

/**
 * Takes on a stack moto has and the proxy does not know (made before the proxy started, or
 * directly on moto): its resources are as moto says, complete.
 */
export async function adoptStack(state: ProxyState, moto: MotoClient, region: string, nameOrId: string, now: number): Promise<StackRecord | undefined> {
  const member = await describeStackMember(moto, region, nameOrId);
  const stackId = member && childText(member, 'StackId');
  if (!member || !stackId) return undefined;
  const known = state.stacks.get(stackId);
  if (known) return known;
  const created = Date.parse(childText(member, 'CreationTime') ?? '') || now;
  const record = new StackRecord(stackId, childText(member, 'StackName') ?? nameOrId, region, created);
  record.templateBody = await motoTemplate(moto, region, stackId);
  const { plan, parameters } = await planFor(moto, record, record.templateBody, memberParameters(member));
  record.setPlan(plan);
  record.parameters = parameters;
  const status = childText(member, 'StackStatus') ?? 'CREATE_COMPLETE';
  const resourceStatus = /^(CREATE|UPDATE)_COMPLETE$/.test(status) ? 'CREATE_COMPLETE' : status;
  for (const r of plan.values()) {
    record.events.push({ time: created, eventId: `${r.id}-adopted`, logicalId: r.id, resourceType: r.type, status: resourceStatus });
  }
  record.addStackEvent(created, status);
  await refreshPhysicalIds(moto, record);
  state.stacks.set(stackId, record);
  return record;
}
