/**
 * The capabilities a template needs, worked out from its resources the way CloudFormation's
 * ValidateTemplate reports them. Used when the service returns none (moto never does), so the
 * validation report says the same on the sandbox as on AWS.
 */

/** Properties that give an IAM resource a fixed name, which needs CAPABILITY_NAMED_IAM. */
const IAM_NAME_PROPERTIES = ['RoleName', 'UserName', 'GroupName', 'InstanceProfileName', 'ManagedPolicyName'];

export interface RequiredCapabilities {
  readonly capabilities: readonly string[];
  /** CloudFormation's wording: "The following resource(s) require capabilities: [AWS::IAM::Role, …]". */
  readonly reason?: string;
}

interface TemplateShape {
  readonly Resources?: Readonly<Record<string, { readonly Type?: string; readonly Properties?: Readonly<Record<string, unknown>> }>>;
}

export function requiredCapabilities(templateBody: string): RequiredCapabilities {
  const template = JSON.parse(templateBody) as TemplateShape;
  const iam = Object.values(template.Resources ?? {}).filter((r) => r.Type?.startsWith('AWS::IAM::'));
  if (iam.length === 0) return { capabilities: [] };
  const named = iam.some((r) => IAM_NAME_PROPERTIES.some((p) => r.Properties?.[p] !== undefined));
  const types = [...new Set(iam.map((r) => r.Type ?? ''))].sort();
  return {
    capabilities: [named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM'],
    reason: `The following resource(s) require capabilities: [${types.join(', ')}]`,
  };
}
