/**
 * The seed's `Validation Report: {…}` block. kube-aws printed CloudFormation's ValidateTemplate
 * output with aws-sdk-go's `awsutil.Prettify`: struct fields in the SDK's (alphabetical) order, one
 * per line, strings quoted, empty lists left out, short lists on one line. This reproduces it.
 */
import type { TemplateValidationReport } from '@kube-aws/aws';

type Pretty = string | number | boolean | readonly Pretty[] | { readonly [key: string]: Pretty | undefined };

function prettify(value: Pretty, indent: number): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    // Prettify breaks lists of more than three elements over lines.
    const long = value.length > 3;
    const nl = long ? '\n' : '';
    const inner = long ? ' '.repeat(indent + 2) : '';
    const items = value.map((v: Pretty) => inner + prettify(v, indent + 2));
    return `[${nl}${items.join(`,${nl}`)}${nl}${long ? ' '.repeat(indent) : ''}]`;
  }
  const fields = Object.entries(value as Record<string, Pretty | undefined>).filter(
    (e): e is [string, Pretty] => e[1] !== undefined && !(Array.isArray(e[1]) && e[1].length === 0),
  );
  const lines = fields.map(([k, v]) => `${' '.repeat(indent + 2)}${k}: ${prettify(v, indent + 2)}`);
  return `{\n${lines.join(',\n')}\n${' '.repeat(indent)}}`;
}

/** The report as kube-aws printed it, e.g. `{\n  Capabilities: ["CAPABILITY_IAM"],\n  …\n}`. */
export function formatValidationReport(report: TemplateValidationReport): string {
  return prettify(
    {
      Capabilities: report.capabilities,
      CapabilitiesReason: report.capabilitiesReason,
      Description: report.description,
      Parameters: report.parameters.map((p) => ({ DefaultValue: p.defaultValue, Description: p.description, ParameterKey: p.key })),
    },
    0,
  );
}
