/**
 * Reading a CloudFormation template the way CloudFormation plans an operation: which resources
 * exist for given parameter values (Conditions evaluated), what each waits for (DependsOn, Ref,
 * Fn::GetAtt, Fn::Sub), and which resources an update adds, changes or removes.
 * JSON templates only; for anything else the caller falls back to moto's resource list.
 */

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: unknown;
  readonly DependsOn?: string | readonly string[];
  readonly Condition?: string;
  readonly Metadata?: unknown;
}

export interface Template {
  readonly Parameters?: Record<string, { readonly Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, TemplateResource>;
}

/** One resource of a plan: its type and the resources of the same plan it waits for. */
export interface PlannedResource {
  readonly id: string;
  readonly type: string;
  readonly deps: readonly string[];
  /** Definition with parameter values substituted: differs between two plans iff an update changes it. */
  readonly fingerprint: string;
}

export type Plan = ReadonlyMap<string, PlannedResource>;

export function parseTemplate(body: string | undefined): Template | undefined {
  if (body === undefined) return undefined;
  try {
    const t = JSON.parse(body) as unknown;
    if (typeof t === 'object' && t !== null && typeof (t as Template).Resources === 'object') return t as Template;
  } catch {
    // YAML or broken: the caller uses moto's resource list instead.
  }
  return undefined;
}

/** Template defaults overlaid with the given values. */
export function resolveParameters(template: Template, given: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, p] of Object.entries(template.Parameters ?? {})) {
    if (p.Default !== undefined) out[name] = String(p.Default);
  }
  return { ...out, ...given };
}

interface Context {
  readonly template: Template;
  readonly params: Readonly<Record<string, string>>;
  readonly pseudo: Readonly<Record<string, string>>;
  readonly conditions: Map<string, boolean>;
}

function value(ctx: Context, v: unknown): unknown {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o['Ref'] === 'string') return ctx.params[o['Ref']] ?? ctx.pseudo[o['Ref']] ?? o['Ref'];
    if (o['Condition'] !== undefined) return condition(ctx, String(o['Condition']));
  }
  return v;
}

function evaluate(ctx: Context, expr: unknown): boolean {
  if (typeof expr !== 'object' || expr === null) return Boolean(expr);
  const o = expr as Record<string, unknown>;
  const args = (k: string): unknown[] => (Array.isArray(o[k]) ? (o[k] as unknown[]) : []);
  if ('Fn::Equals' in o) {
    const [a, b] = args('Fn::Equals').map((x) => value(ctx, x));
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if ('Fn::Not' in o) return !evaluate(ctx, args('Fn::Not')[0]);
  if ('Fn::And' in o) return args('Fn::And').every((x) => evaluate(ctx, x));
  if ('Fn::Or' in o) return args('Fn::Or').some((x) => evaluate(ctx, x));
  if ('Condition' in o) return condition(ctx, String(o['Condition']));
  return true; // an intrinsic we do not model: assume the resource exists
}

function condition(ctx: Context, name: string): boolean {
  const known = ctx.conditions.get(name);
  if (known !== undefined) return known;
  ctx.conditions.set(name, true); // guards against a (malformed) cycle
  const result = evaluate(ctx, ctx.template.Conditions?.[name]);
  ctx.conditions.set(name, result);
  return result;
}

/** Resource names a value refers to: Ref, Fn::GetAtt, Fn::Sub `${X}`/`${X.Attr}`; Fn::If takes its live branch. */
function references(ctx: Context, v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) references(ctx, x, out);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  const o = v as Record<string, unknown>;
  if (typeof o['Ref'] === 'string') out.add(o['Ref']);
  const getAtt = o['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') out.add(getAtt[0]);
  if (typeof getAtt === 'string') out.add(getAtt.split('.')[0] ?? getAtt);
  const sub = o['Fn::Sub'];
  if (sub !== undefined) {
    const [text, vars] = Array.isArray(sub) ? [sub[0], sub[1]] : [sub, undefined];
    const shadowed = new Set(typeof vars === 'object' && vars !== null ? Object.keys(vars) : []);
    for (const m of String(text).matchAll(/\$\{([^}!][^}]*)\}/g)) {
      const name = (m[1] ?? '').split('.')[0] ?? '';
      if (!shadowed.has(name)) out.add(name);
    }
    if (vars !== undefined) references(ctx, vars, out);
  }
  const fnIf = o['Fn::If'];
  if (Array.isArray(fnIf) && fnIf.length === 3) {
    references(ctx, condition(ctx, String(fnIf[0])) ? fnIf[1] : fnIf[2], out);
  }
  for (const [k, x] of Object.entries(o)) {
    if (k !== 'Ref' && k !== 'Fn::GetAtt' && k !== 'Fn::Sub' && k !== 'Fn::If') references(ctx, x, out);
  }
}

/** Resource names `v` refers to (Ref, Fn::GetAtt, Fn::Sub; the live branch of Fn::If), for these parameter values. */
export function referencedNames(template: Template, params: Readonly<Record<string, string>>, pseudo: Readonly<Record<string, string>>, v: unknown): Set<string> {
  const out = new Set<string>();
  references({ template, params, pseudo, conditions: new Map() }, v, out);
  return out;
}

/** Parameter Refs replaced by their values, so an update that changes a parameter changes the resources using it. */
function substitute(ctx: Context, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => substitute(ctx, x));
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (typeof o['Ref'] === 'string' && o['Ref'] in ctx.params) return ctx.params[o['Ref']];
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, substitute(ctx, x)]));
}

/** The resources that exist for these parameter values, each with its dependencies among them. */
export function planTemplate(template: Template, params: Readonly<Record<string, string>>, pseudo: Readonly<Record<string, string>> = {}): Plan {
  const ctx: Context = { template, params, pseudo, conditions: new Map() };
  const live = Object.entries(template.Resources).filter(([, r]) => r.Condition === undefined || condition(ctx, r.Condition));
  const names = new Set(live.map(([id]) => id));
  const plan = new Map<string, PlannedResource>();
  for (const [id, r] of live) {
    const refs = new Set<string>();
    const dependsOn = r.DependsOn === undefined ? [] : typeof r.DependsOn === 'string' ? [r.DependsOn] : r.DependsOn;
    for (const d of dependsOn) refs.add(d);
    references(ctx, r.Properties, refs);
    const deps = [...refs].filter((d) => d !== id && names.has(d));
    const fingerprint = JSON.stringify({ Type: r.Type, Properties: substitute(ctx, r.Properties ?? {}) });
    plan.set(id, { id, type: r.Type, deps, fingerprint });
  }
  return plan;
}

export interface PlanDiff {
  readonly added: readonly PlannedResource[];
  readonly modified: readonly PlannedResource[];
  readonly removed: readonly PlannedResource[];
}

export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const added: PlannedResource[] = [];
  const modified: PlannedResource[] = [];
  for (const r of after.values()) {
    const old = before.get(r.id);
    if (old === undefined) added.push(r);
    else if (old.fingerprint !== r.fingerprint || old.type !== r.type) modified.push(r);
  }
  const removed = [...before.values()].filter((r) => !after.has(r.id));
  return { added, modified, removed };
}

/** A plan without dependency information (non-JSON template): resources in moto's order, one after another. */
export function sequentialPlan(resources: readonly { id: string; type: string }[]): Plan {
  return new Map(resources.map((r, i) => [r.id, { id: r.id, type: r.type, deps: i === 0 ? [] : [resources[i - 1]?.id ?? ''], fingerprint: '' }]));
}
