/**
 * The template moto gets when a failure is armed for the operation. moto builds every resource
 * inside the call, so without this it would hold what CloudFormation never creates after a
 * failure: the failed resource, everything that waits for it (DependsOn, Ref, Fn::GetAtt,
 * Fn::Sub), such as a DNS record a later `up` then finds in its way, and whatever else the
 * proxy's timeline never starts because its turn comes after the failure.
 *
 * Those resources are taken out of the template moto is given; an existing one (a failed update)
 * keeps its previous definition instead, so moto leaves it as it was. Outputs that refer to a
 * resource taken out go too. Not by an always-false Condition: moto's update path ignores the
 * Condition of a resource whose definition changed (it "updates" a resource it never made and
 * the whole call fails), and a later update that brings the resource back hits the same path.
 *
 * Only what moto is given changes: the proxy plans, paces and reports the operation from the
 * template the caller sent, and GetTemplate answers with that one.
 */
import type { ProxyState } from './proxy-state.js';
import { diffPlans, parseTemplate, planTemplate, referencedNames, resolveParameters } from './template.js';
import type { Plan, Template } from './template.js';
import { planOperation } from './timeline.js';

/** Top-level Metadata key of a rewritten template: tells GetTemplate to answer with the caller's. */
export const FAILURE_MARKER = 'SandboxInjectedFailure';

export interface FailureRewrite {
  readonly templateBody: string;
  /** Resources left out of moto's template: the failed one and its dependents, when new. */
  readonly withheld: readonly string[];
  /** Existing resources given to moto at their previous definition (a failed update leaves them so). */
  readonly kept: readonly string[];
}

export interface FailureOperation {
  readonly template: Template;
  /** The operation's resources (the template planned for its parameter values). */
  readonly plan: Plan;
  /** Parameter values, defaults applied, and pseudo parameters: for the live branch of an Output's Fn::If. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly pseudo: Readonly<Record<string, string>>;
  /** What the stack has before the operation (empty for a create), and the template it came from. */
  readonly before: Plan;
  readonly previousTemplate: Template | undefined;
}

/** `failedId` and every resource of the plan that waits for it, directly or through others. */
export function failedWithDependents(plan: Plan, failedId: string): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const r of plan.values()) {
    for (const d of r.deps) dependents.set(d, [...(dependents.get(d) ?? []), r.id]);
  }
  const out = new Set<string>();
  const queue = plan.has(failedId) ? [failedId] : [];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...(dependents.get(id) ?? []));
  }
  return out;
}

/**
 * What the failure keeps from being done: the failed resource, its dependents, and whatever the
 * proxy's timeline never starts because it would start after the failure (the proxy reports
 * those as never created, so moto must not have them either). Same schedule as the timeline's;
 * only the order matters, so any pace will do.
 */
export function blockedByFailure(before: Plan, plan: Plan, failedId: string): Set<string> {
  const blocked = failedWithDependents(plan, failedId);
  if (blocked.size === 0) return blocked;
  const diff = diffPlans(before, plan);
  const timeline = planOperation({
    kind: before.size === 0 ? 'CREATE' : 'UPDATE',
    t0: 0,
    paceMs: 1,
    create: diff.added,
    update: diff.modified,
    remove: [],
    failure: { logicalId: failedId, reason: '' },
    onFailure: 'DO_NOTHING',
  });
  const started = new Set(timeline.events.filter((e) => e.logicalId !== undefined && /_IN_PROGRESS$/.test(e.status)).map((e) => e.logicalId));
  for (const r of [...diff.added, ...diff.modified]) {
    if (!started.has(r.id)) blocked.add(r.id);
  }
  return blocked;
}

/** The template moto should get when `failedId` fails in this operation; undefined if it is not in the plan. */
export function withholdFailed(op: FailureOperation, failedId: string): FailureRewrite | undefined {
  const blocked = blockedByFailure(op.before, op.plan, failedId);
  if (blocked.size === 0) return undefined;
  const resources = { ...op.template.Resources };
  const withheld: string[] = [];
  const kept: string[] = [];
  for (const id of blocked) {
    if (!op.before.has(id)) {
      delete resources[id];
      withheld.push(id);
      continue;
    }
    // An existing resource whose previous definition is unknown (a YAML template before) is updated by moto.
    const previous = op.previousTemplate?.Resources[id];
    if (previous !== undefined) {
      resources[id] = previous;
      kept.push(id);
    }
  }
  const gone = new Set(withheld);
  const outputs = (op.template as { Outputs?: Record<string, unknown> }).Outputs;
  const rewritten: Record<string, unknown> = {
    ...op.template,
    Resources: resources,
    Metadata: { ...((op.template as { Metadata?: object }).Metadata ?? {}), [FAILURE_MARKER]: { failed: failedId, withheld, kept } },
  };
  if (outputs !== undefined) {
    rewritten['Outputs'] = Object.fromEntries(
      Object.entries(outputs).filter(([, o]) => ![...referencedNames(op.template, op.parameters, op.pseudo, o)].some((n) => gone.has(n))),
    );
  }
  return { templateBody: JSON.stringify(rewritten), withheld, kept };
}

export interface ForwardedOperation {
  readonly stackName: string;
  /** The caller's template (inline, fetched from its TemplateURL, or the previous one). */
  readonly templateBody: string | undefined;
  /** Parameter values as given (template defaults are applied here). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly pseudo: Readonly<Record<string, string>>;
  readonly before: Plan;
  readonly previousTemplateBody: string | undefined;
}

/**
 * The form parameters to send moto for a CreateStack, UpdateStack or CreateChangeSet: `params`
 * unchanged, unless a failure armed for this stack will fail one of the resources the operation
 * creates or updates; then the template without what that failure keeps from being created.
 * The failure is only looked at here: the operation takes it when it starts (for a change set,
 * on execution), by the same rule, so arming it after CreateChangeSet leaves moto's template whole.
 */
export function paramsForMoto(state: ProxyState, params: URLSearchParams, op: ForwardedOperation): URLSearchParams {
  const template = parseTemplate(op.templateBody);
  if (!template) return params; // YAML: moto gets it as it is (README: known differences)
  const parameters = resolveParameters(template, op.parameters);
  const plan = planTemplate(template, parameters, op.pseudo);
  const diff = diffPlans(op.before, plan);
  // The same rule the operation takes it by (createStack, updateStack, executeChangeSet).
  const rule = state.peekFailure(op.stackName, new Set([...diff.added, ...diff.modified].map((r) => r.id)));
  if (!rule) return params;
  const rewrite = withholdFailed(
    { template, plan, parameters, pseudo: op.pseudo, before: op.before, previousTemplate: parseTemplate(op.previousTemplateBody) },
    rule.logicalId,
  );
  if (!rewrite) return params;
  const out = new URLSearchParams(params);
  out.delete('TemplateURL');
  out.delete('UsePreviousTemplate');
  out.set('TemplateBody', rewrite.templateBody);
  return out;
}
