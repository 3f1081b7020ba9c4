/**
 * `validateTemplate`: CloudFormation's ValidateTemplate on the rendered stack template, returned
 * as the seed's "Validation Report" (description, parameters, capabilities and why).
 */
import { ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { ClusterRef, TemplateValidationReport } from '../contract.js';
import { classified } from '../failures.js';
import { requiredCapabilities } from './capabilities.js';
import type { StackActivityContext } from './stack-activity-context.js';
import { templateSource } from './template-source.js';

interface TemplateParameters {
  readonly Description?: string;
  readonly Parameters?: Readonly<Record<string, { readonly Default?: string; readonly Description?: string }>>;
}

/** The template's own parameters, for a service that answers with none (moto). */
function declaredParameters(body: string): TemplateValidationReport['parameters'] {
  const template = JSON.parse(body) as TemplateParameters;
  return Object.entries(template.Parameters ?? {}).map(([key, p]) => ({
    key,
    ...(p.Default === undefined ? {} : { defaultValue: p.Default }),
    ...(p.Description === undefined ? {} : { description: p.Description }),
  }));
}

/** `imageId` is unused: ValidateTemplate takes no parameter values (the contract passes it for symmetry with deploy). */
export async function validateTemplate(ctx: StackActivityContext, input: ClusterRef & { readonly imageId: string }): Promise<TemplateValidationReport> {
  const inputs = await classified({ action: `read the stack inputs from ${input.assetsUri}` }, () => ctx.loadStackInputs(input.assetsUri));
  const { region } = inputs.summary;
  const clients = ctx.clientsFor(region);
  const body = inputs.templateBody;
  const source = await classified({ action: 'upload stack-template.json for validation' }, () =>
    templateSource(body, { region, s3: clients.s3, ...(inputs.templateBucket === undefined ? {} : { bucket: inputs.templateBucket }) }),
  );
  const out = await classified({ action: `validate stack-template.json with CloudFormation in ${region}`, subject: 'template' }, () =>
    clients.cloudFormation.send(new ValidateTemplateCommand(source)),
  );

  const fromService = (out.Parameters ?? []).map((p) => ({
    key: p.ParameterKey ?? '',
    ...(p.DefaultValue === undefined ? {} : { defaultValue: p.DefaultValue }),
    ...(p.Description === undefined ? {} : { description: p.Description }),
  }));
  const derived = requiredCapabilities(body);
  const serviceCapabilities = out.Capabilities ?? [];
  const capabilitiesReason = serviceCapabilities.length > 0 ? out.CapabilitiesReason : derived.reason;
  return {
    description: out.Description ?? (JSON.parse(body) as TemplateParameters).Description ?? '',
    parameters: fromService.length > 0 ? fromService : declaredParameters(body),
    capabilities: serviceCapabilities.length > 0 ? serviceCapabilities : derived.capabilities,
    ...(capabilitiesReason === undefined ? {} : { capabilitiesReason }),
    ...('TemplateURL' in source ? { templateUrl: source.TemplateURL } : {}),
  };
}
