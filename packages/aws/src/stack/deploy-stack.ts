/**
 * `deployStack`: one phase of the cluster stack through a change set — CREATE with `Phase=assets`
 * on a new stack, UPDATE with `Phase=nodes` (and the node configs' digests) afterwards. Idempotent
 * under the input's token: see {@link planDeploy} for what is adopted, skipped or refused.
 */
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { DEPLOYER_PRINCIPALS_PARAMETER, deployerPrincipalArns, KMS_KEY_ARN_PARAMETER } from '@kube-aws/render';
import type { AwsClients } from '../clients.js';
import { STACK_TOKEN_TAG } from '../contract.js';
import type { DeployStackInput, DeployStackResult } from '../contract.js';
import { KmsKeyUnusableError, StackBusyError } from '../errors.js';
import { classified } from '../failures.js';
import { resolveAccount } from '../identity/resolve-account.js';
import { resolveKmsKey } from '../kms/resolve-kms-key.js';
import { runChangeSet } from './change-set.js';
import { planDeploy } from './deploy-plan.js';
import { declaredParameters, sameRecord, sameValues, stackTagRecord, targetParameters, toParameterList, toTagList } from './deploy-target.js';
import type { StackInputs } from './stack-inputs.js';
import { changeSetName } from './request-names.js';
import type { StackActivityContext } from './stack-activity-context.js';
import { findOperationStart, findStack, outputsOf, parametersOf, tagsOf } from './stack-reads.js';
import type { CfnClient } from './stack-reads.js';
import { templateSource } from './template-source.js';

/** The stack output naming the assets bucket (declared in @kube-aws/render's stack/outputs.ts). */
const ASSETS_BUCKET_OUTPUT = 'AssetsBucket';

/** The stack already has this template, these parameters and these tags: no change set needed. */
async function alreadyDeployed(
  cfn: CfnClient,
  stack: Stack,
  templateBody: string,
  parameters: Readonly<Record<string, string>>,
  tags: Readonly<Record<string, string>>,
): Promise<boolean> {
  if (!sameValues(parametersOf(stack), parameters) || !sameRecord(tagsOf(stack), tags)) return false;
  const current = await cfn.send(new GetTemplateCommand({ StackName: stack.StackId, TemplateStage: 'Original' }));
  return current.TemplateBody === templateBody;
}

/**
 * The `KmsKeyArn` value: the key preflight resolved (the input's), or, for a run started before
 * preflight resolved keys, resolved here the same way. None when the template does not declare it.
 */
async function kmsKeyArnFor(input: DeployStackInput, inputs: StackInputs, clients: AwsClients): Promise<string | undefined> {
  if (!declaredParameters(inputs.templateBody).has(KMS_KEY_ARN_PARAMETER)) return undefined;
  if (input.kmsKeyArn !== undefined) return input.kmsKeyArn;
  const { kmsKeyArn, region } = inputs.summary;
  const resolved = await classified({ action: `resolve kmsKeyArn ${kmsKeyArn} (KMS DescribeKey)` }, async () =>
    resolveKmsKey(clients.kms, kmsKeyArn, { region, account: (await resolveAccount(clients.sts, region)).account }),
  );
  if (!resolved.ok) throw new KmsKeyUnusableError(resolved.problem);
  return resolved.keyArn;
}

/**
 * The `DeployerPrincipalArns` value: who these credentials are, as the assets bucket's policy
 * matches them. Asked of STS on every deploy, so a stack deployed by another principal is updated
 * to let this one upload (see the bucket policy in @kube-aws/render). None when the template does
 * not declare it (rendered before the bucket had a policy).
 */
async function deployerFor(inputs: StackInputs, clients: AwsClients): Promise<Record<string, string>> {
  if (!declaredParameters(inputs.templateBody).has(DEPLOYER_PRINCIPALS_PARAMETER)) return {};
  const { region } = inputs.summary;
  const identity = await classified({ action: 'identify the deploying principal (STS GetCallerIdentity)' }, () => resolveAccount(clients.sts, region));
  return { [DEPLOYER_PRINCIPALS_PARAMETER]: deployerPrincipalArns(identity.arn) };
}

export async function deployStack(ctx: StackActivityContext, input: DeployStackInput): Promise<DeployStackResult> {
  targetParameters(input); // a malformed input fails before any read
  const inputs = await classified({ action: `read the stack inputs from ${input.assetsUri}` }, () => ctx.loadStackInputs(input.assetsUri));
  const { clusterName, stackName, region } = inputs.summary;
  const clients = ctx.clientsFor(region);
  const kmsKeyArn = await kmsKeyArnFor(input, inputs, clients);
  const parameters = { ...targetParameters({ ...input, kmsKeyArn }), ...(await deployerFor(inputs, clients)) };
  const cfn = clients.cloudFormation;
  const name = changeSetName(input.token, input.phase);
  const result = { stackName, changeSetName: name };

  const stack = await classified({ action: `read stack ${stackName} in ${region}` }, () => findStack(cfn, stackName));
  const plan = planDeploy({ stack, stackName, clusterName, phase: input.phase, createToken: name });

  switch (plan.kind) {
    case 'adopt-create':
      // Its create is under way or over; the watch reports how it ends (its events are all ours).
      return { ...result, stackId: plan.stackId, operation: 'CREATE', noChanges: false, adopted: true };
    case 'nothing-to-do':
      return { ...result, stackId: plan.stackId, operation: 'UPDATE', noChanges: true, adopted: false };
    case 'adopt-update-if-ours': {
      const start = await classified({ action: `read the events of stack ${stackName}` }, () => findOperationStart(cfn, plan.stackId, name));
      if (!start.found && !(stack !== null && sameValues(parametersOf(stack), parameters))) {
        throw new StackBusyError(stackName, stack?.StackStatus ?? 'busy', `deploy its ${input.phase} phase`);
      }
      return {
        ...result,
        stackId: plan.stackId,
        operation: 'UPDATE',
        noChanges: false,
        adopted: true,
        ...(start.sinceEventId === undefined ? {} : { sinceEventId: start.sinceEventId }),
      };
    }
    case 'create':
    case 'update':
      break;
  }

  // The create token stays what the create set; an update never rewrites it.
  const existingToken = stack === null ? undefined : tagsOf(stack)[STACK_TOKEN_TAG];
  const tags = stackTagRecord(inputs.stackTags, clusterName, plan.kind === 'update' && existingToken !== undefined ? existingToken : name);
  if (plan.kind === 'update' && stack !== null) {
    const same = await classified({ action: `read the template of stack ${stackName}` }, () =>
      alreadyDeployed(cfn, stack, inputs.templateBody, parameters, tags),
    );
    if (same) return { ...result, stackId: plan.stackId, operation: 'UPDATE', noChanges: true, adopted: false };
  }

  // A large template goes through the asset store's bucket (or, for an update, the stack's own).
  const bucket = inputs.templateBucket ?? (stack === null ? undefined : outputsOf(stack)[ASSETS_BUCKET_OUTPUT]);
  const template = await classified({ action: 'upload stack-template.json' }, () =>
    templateSource(inputs.templateBody, { region, s3: clients.s3, ...(bucket === undefined ? {} : { bucket }) }),
  );
  const operation = plan.kind === 'create' ? 'CREATE' : 'UPDATE';
  const outcome = await runChangeSet(
    cfn,
    {
      stackName,
      type: operation,
      name,
      template,
      parameters: toParameterList(parameters),
      tags: toTagList(tags),
      onFailure: input.onFailure,
    },
    ctx.timing,
    plan.kind === 'update' ? plan.stackId : undefined,
  );
  return {
    ...result,
    stackId: outcome.stackId,
    operation,
    noChanges: outcome.noChanges,
    adopted: outcome.adopted,
    ...(outcome.sinceEventId === undefined ? {} : { sinceEventId: outcome.sinceEventId }),
  };
}
