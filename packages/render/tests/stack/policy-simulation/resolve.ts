/**
 * Resolves the intrinsics of a rendered template's policy documents with concrete values, as
 * CloudFormation would for one deployed stack: `Ref`, `Fn::GetAtt`, `Fn::Sub` (both forms),
 * `Fn::Join` and `Fn::Split`. Anything it does not know fails, so a new reference in a policy
 * cannot slip through the simulation unresolved.
 */

export interface StackValues {
  /** Pseudo parameters and parameters (`AWS::Region`, `KmsKeyArn` …) and resources' `Ref` values. */
  readonly refs: Readonly<Record<string, string>>;
  /** `Logical.Attribute` → value. */
  readonly attributes: Readonly<Record<string, string>>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function lookup(values: StackValues, name: string): string {
  const value = name.includes('.') ? values.attributes[name] : values.refs[name];
  if (value === undefined) throw new Error(`the simulation has no value for ${name}; add it to the stack values`);
  return value;
}

function substitute(values: StackValues, text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => vars[name] ?? lookup(values, name));
}

function asString(value: Json, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where} resolved to ${JSON.stringify(value)}, not a string`);
  return value;
}

export function resolve(values: StackValues, node: Json): Json {
  if (Array.isArray(node)) return node.map((n) => resolve(values, n));
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  const [fn] = keys;
  if (keys.length === 1 && fn !== undefined && (fn === 'Ref' || fn.startsWith('Fn::'))) {
    const arg = node[fn] as Json;
    switch (fn) {
      case 'Ref':
        return lookup(values, asString(arg, 'Ref'));
      case 'Fn::GetAtt': {
        const [id, attr] = arg as string[];
        return lookup(values, `${id}.${attr}`);
      }
      case 'Fn::Sub': {
        if (typeof arg === 'string') return substitute(values, arg, {});
        const [text, vars] = arg as [string, Record<string, Json>];
        const resolved = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, asString(resolve(values, v), `Fn::Sub variable ${k}`)]));
        return substitute(values, text, resolved);
      }
      case 'Fn::Join': {
        const [sep, list] = arg as [string, Json[]];
        return list.map((v) => asString(resolve(values, v), 'Fn::Join item')).join(sep);
      }
      case 'Fn::Split': {
        const [sep, value] = arg as [string, Json];
        return asString(resolve(values, value), 'Fn::Split value').split(sep);
      }
      default:
        throw new Error(`the simulation cannot resolve ${fn}`);
    }
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(values, v)]));
}
