/**
 * Static checks of a template that CloudFormation would otherwise report only at create time (and
 * moto, our sandbox, not always): every name a template refers to exists, every resource has a Type,
 * and a resource or output never refers to a node-phase resource it might outlive.
 */
import { TemplateReferenceError } from '../errors.js';

/** One problem; `path` is the JSON path of the offending value, e.g. `Resources.X.Properties.SubnetId`. */
export interface TemplateProblem {
  readonly path: string;
  /** The name that does not resolve, when the problem is a dangling reference. */
  readonly name?: string;
  readonly message: string;
}

const TOP_LEVEL = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keysOf = (v: Json): Set<string> => new Set(isObject(v) ? Object.keys(v) : []);

/** Names inside `${…}` of a Fn::Sub string; `${!Literal}` is an escape, not a reference. */
function subNames(text: string): string[] {
  return [...text.matchAll(/\$\{([^}!][^}]*)\}/g)].map((m) => (m[1] ?? '').trim());
}

interface Scope {
  readonly resources: Set<string>;
  readonly parameters: Set<string>;
  readonly conditions: Set<string>;
  /** Condition of each conditional resource. */
  readonly resourceCondition: Map<string, string>;
}

/** Returns every problem found; an empty list means the template's references all resolve. */
export function checkTemplateReferences(template: Json): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!isObject(template)) return [{ path: '', message: 'template is not a JSON object' }];
  for (const key of Object.keys(template)) {
    if (!TOP_LEVEL.has(key)) problems.push({ path: key, message: `unknown top-level section ${key}` });
  }
  const resources = isObject(template.Resources) ? template.Resources : {};
  if (!isObject(template.Resources)) problems.push({ path: 'Resources', message: 'Resources section is missing' });

  const scope: Scope = {
    resources: keysOf(resources),
    parameters: keysOf(template.Parameters),
    conditions: keysOf(template.Conditions),
    resourceCondition: new Map(
      Object.entries(resources).flatMap(([id, r]) =>
        isObject(r) && typeof r.Condition === 'string' ? [[id, r.Condition] as const] : [],
      ),
    ),
  };

  const refTarget = (name: string, path: string, own: string | undefined, allowParameters: boolean): void => {
    if (scope.resources.has(name)) {
      const needed = scope.resourceCondition.get(name);
      if (needed !== undefined && needed !== own) {
        problems.push({
          path,
          name,
          message: `${name} exists only when condition ${needed} holds, but this value is ${own === undefined ? 'unconditional' : `under ${own}`}`,
        });
      }
      return;
    }
    if (allowParameters && (scope.parameters.has(name) || PSEUDO_PARAMETERS.has(name))) return;
    problems.push({ path, name, message: `${name} is not a ${allowParameters ? 'resource or parameter' : 'resource'}` });
  };
  const conditionTarget = (name: Json, path: string): void => {
    if (typeof name !== 'string' || !scope.conditions.has(name)) {
      problems.push({ path, name: String(name), message: `${String(name)} is not a condition` });
    }
  };

  /** Walks a value; `own` is the condition of the resource/output it sits in. */
  const walk = (v: Json, path: string, own: string | undefined): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}.${i}`, own));
      return;
    }
    if (!isObject(v)) return;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const arg = v[keys[0] as string];
      switch (keys[0]) {
        case 'Ref':
          if (typeof arg === 'string') refTarget(arg, path, own, true);
          else problems.push({ path, message: 'Ref takes a name' });
          return;
        case 'Fn::GetAtt': {
          const name = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
          if (typeof name === 'string') refTarget(name, path, own, false);
          else problems.push({ path, message: 'Fn::GetAtt takes [resource, attribute]' });
          return;
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
          const localNames = new Set(keysOf(vars));
          if (typeof text === 'string') {
            for (const n of subNames(text)) {
              // `${X.Attr}` is a GetAtt (resources only); `${X}` a Ref (resources, parameters).
              const base = n.split('.')[0] ?? n;
              if (localNames.has(n) || localNames.has(base)) continue;
              refTarget(base, path, own, !n.includes('.'));
            }
          }
          if (vars !== undefined) walk(vars, `${path}.Fn::Sub.1`, own);
          return;
        }
        case 'Fn::If':
          if (Array.isArray(arg)) {
            conditionTarget(arg[0], `${path}.Fn::If.0`);
            // Each branch exists only under its condition; trust the author and check names only.
            const cond = typeof arg[0] === 'string' ? arg[0] : own;
            walk(arg[1], `${path}.Fn::If.1`, cond);
            walk(arg[2], `${path}.Fn::If.2`, own);
          }
          return;
        case 'Condition':
          // `{ "Condition": X }` inside a Conditions entry.
          conditionTarget(arg, path);
          return;
      }
    }
    for (const k of keys) walk(v[k], path === '' ? k : `${path}.${k}`, own);
  };

  for (const [id, r] of Object.entries(resources)) {
    const at = `Resources.${id}`;
    if (!isObject(r)) {
      problems.push({ path: at, message: `resource ${id} is not an object` });
      continue;
    }
    if (typeof r.Type !== 'string' || r.Type === '') problems.push({ path: `${at}.Type`, message: `resource ${id} has no Type` });
    const own = typeof r.Condition === 'string' ? r.Condition : undefined;
    if (r.Condition !== undefined) conditionTarget(r.Condition, `${at}.Condition`);
    const deps = typeof r.DependsOn === 'string' ? [r.DependsOn] : Array.isArray(r.DependsOn) ? r.DependsOn : [];
    deps.forEach((d, i) => {
      const p = typeof r.DependsOn === 'string' ? `${at}.DependsOn` : `${at}.DependsOn.${i}`;
      if (typeof d === 'string') refTarget(d, p, own, false);
    });
    walk(r.Properties, `${at}.Properties`, own);
    walk(r.UpdatePolicy, `${at}.UpdatePolicy`, own);
  }
  if (isObject(template.Conditions)) {
    for (const [name, c] of Object.entries(template.Conditions)) walk(c, `Conditions.${name}`, undefined);
  }
  if (isObject(template.Outputs)) {
    for (const [name, o] of Object.entries(template.Outputs)) {
      const at = `Outputs.${name}`;
      if (!isObject(o)) continue;
      const own = typeof o.Condition === 'string' ? o.Condition : undefined;
      if (o.Condition !== undefined) conditionTarget(o.Condition, `${at}.Condition`);
      walk(o.Value, `${at}.Value`, own);
    }
  }
  return problems;
}

/**
 * Throws when {@link checkTemplateReferences} finds anything; `validate` and `render` call this.
 * @throws TemplateReferenceError listing every problem with its JSON path.
 */
export function assertTemplateReferences(template: Json): void {
  const problems = checkTemplateReferences(template);
  if (problems.length > 0) throw new TemplateReferenceError(problems);
}
