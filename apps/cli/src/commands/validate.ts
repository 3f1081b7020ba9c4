import type { Command } from 'commander';
import { validateClusterAssets } from '@kube-aws/render';
import type { ValidateInput, ValidateResult } from '@kube-aws/workflows';
import type { CommandContext } from '../context.js';
import { loadRunDurable } from './load-durable.js';
import { WorkflowRunError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { noteAwsDebug } from './cluster-info.js';
import { addCommonDurableOptions } from './durable-options.js';
import type { CommonDurableFlags } from './durable-options.js';
import { formatIssue, loadConfigWithAdvisories } from './load-config.js';
import { formatValidationReport } from './validation-report.js';

interface ValidateFlags extends CommonDurableFlags {
  readonly offline?: boolean;
}

/**
 * The AWS half, in kube-aws's order: the seed's "Validation Report" (stderr, as kube-aws printed
 * it), the template verdict, then the pre-flight checks `up` would otherwise find failing.
 */
function printAwsValidation(output: Output, result: ValidateResult, workflowId: string): void {
  output.note(`Validation Report: ${formatValidationReport(result.template)}`);
  if (result.template.templateUrl) output.note(`(template uploaded to ${result.template.templateUrl})`);
  output.say('stack template is valid.\n');
  if (result.preflight.length > 0) {
    output.say('Preflight checks:');
    const width = Math.max(...result.preflight.map((c) => c.name.length));
    for (const check of result.preflight) output.say(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(width)}  ${check.detail}`);
    output.say();
  }
  // What a passing check wants known, e.g. `kmsKeyArn alias/x resolves to arn:…:key/…`.
  for (const check of result.preflight) if (check.note !== undefined) output.note(`Note: ${check.note}`);
  const failed = result.preflight.filter((c) => !c.ok);
  if (failed.length > 0) {
    const names = failed.map((c) => c.name).join(', ');
    throw new WorkflowRunError(`preflight check(s) failed: ${names}; fix them and run kube-aws validate again`, ExitCode.UserError, workflowId, 'PreflightFailed');
  }
}

export function registerValidate(program: Command, context: () => CommandContext): void {
  const command = program
    .command('validate')
    .description('Check the rendered userdata, manifests, credentials and stack template, then the template and pre-flight checks on AWS')
    .option('--offline', 'only the local checks: no AWS and no Temporal');
  addCommonDurableOptions(command, { noWait: false });
  command.action(async (flags: ValidateFlags) => {
    const ctx = context();
    const { output } = ctx;
    const { config, advisories } = await loadConfigWithAdvisories(ctx);
    const online = !flags.offline;
    if (online) noteAwsDebug(flags, output);

    const report = await validateClusterAssets(ctx.dir, config, {
      onStep: (step) => {
        if (step === 'userdata') output.say('Validating UserData...');
        if (step === 'template') output.say('Validating stack template...');
      },
      onStepDone: (step) => {
        if (step === 'userdata') output.say('UserData is valid.\n');
        // Online, the template is only "valid" once CloudFormation has said so.
        if (step === 'template' && !online) output.say('stack template is valid.\n');
      },
    });
    for (const warning of report.warnings) output.warn(warning);
    // Exposure the file allows (open CIDRs, a hop limit above 1): said here, not by every command.
    for (const advisory of advisories) output.note(formatIssue(advisory));
    if (!online) {
      output.say('Validation OK!');
      output.result(report);
      return;
    }

    const runDurable = await loadRunDurable();

    const outcome = await runDurable<ValidateResult>(ctx, {
      command: 'validate',
      clusterName: config.clusterName,
      region: config.region,
      kmsKeyArn: config.kmsKeyArn,
      ...(flags.assetsUri !== undefined ? { assetsUri: flags.assetsUri } : {}),
      commandLine: 'kube-aws validate',
      failurePrefix: 'invalid cloudformation stack',
      wait: true,
      input: (common): ValidateInput => common,
    });
    printAwsValidation(output, outcome.result as ValidateResult, outcome.workflowId);
    output.say('Validation OK!');
    output.result({ ...report, aws: outcome });
  });
}
