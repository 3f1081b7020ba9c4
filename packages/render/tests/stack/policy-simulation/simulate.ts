/**
 * One request through @cloud-copilot/iam-simulate, a real IAM policy evaluator (identity
 * policies, the resource policy, explicit and implicit denies, every condition operator), with the
 * request validated first: the action, the resource ARN's type and each context key must be real
 * for that action, or the call throws. One gap is bridged: iam-simulate 0.1.173 drops
 * `kms:EncryptionContext:<key>` values while validating (it recognises variable keys only after a
 * `/`), so a request that carries one is evaluated a second time, by the same engine's
 * unvalidated entry point with the full context, once the validated run found nothing else wrong.
 */
import { createValidatedPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Caller {
  /** The request's principal: an assumed-role session or a user. */
  readonly arn: string;
  /** What IAM puts in `aws:PrincipalArn` for it (the role's ARN for a session). */
  readonly principalArn: string;
  readonly identityPolicies: readonly { readonly name: string; readonly policy: unknown }[];
}

export interface Call {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

const ENCRYPTION_CONTEXT_KEY = /^kms:EncryptionContext:/i;

export async function decide(account: string, caller: Caller, call: Call, resourcePolicy: unknown): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal: caller.arn,
      action: call.action,
      resource: { resource: call.resource, accountId: account },
      contextVariables: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': caller.principalArn, 'aws:PrincipalAccount': account, ...call.context },
    },
    identityPolicies: caller.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
  };
  const checked = await runSimulation(simulation, {});
  if (checked.resultType === 'error') throw new Error(`${call.action} on ${call.resource}: ${JSON.stringify(checked.errors)}`);
  const ignored = checked.resultType === 'single' ? (checked.result.ignoredContextKeys ?? []) : checked.results.flatMap((r) => r.ignoredContextKeys ?? []);
  const unexpected = ignored.filter((key) => !ENCRYPTION_CONTEXT_KEY.test(key));
  if (unexpected.length > 0) throw new Error(`${call.action} on ${call.resource}: IAM has no context key ${unexpected.join(', ')} for this request`);
  if (ignored.length === 0) return checked.overallResult as Decision;
  const unsafe = {
    ...simulation,
    // The unvalidated entry point reads a resource policy's name from its metadata.
    ...(resourcePolicy === undefined ? {} : { resourcePolicy: createValidatedPolicy(resourcePolicy, validateResourcePolicy, { name: 'resource-policy' }) }),
  };
  // Typed as the decision, but 0.1.173 returns the analysis that holds it.
  const outcome = runUnsafeSimulation(unsafe, {}) as unknown;
  return (typeof outcome === 'string' ? outcome : (outcome as { result: string }).result) as Decision;
}
