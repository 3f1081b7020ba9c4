import type { Command } from 'commander';
import { checkInitOptions, INIT_FLAGS, InitOptionsError } from '@kube-aws/config';
import type { InitOptions } from '@kube-aws/config';
import { CLUSTER_YAML } from '@kube-aws/config/node';
import type { ProvisionInput, UpResult } from '@kube-aws/workflows';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../context.js';
import { loadRunDurable } from './load-durable.js';
import { CliUsageError } from '../errors.js';
import { noteAwsDebug } from './cluster-info.js';
import { addCommonDurableOptions, addUpOptions, upOptions } from './durable-options.js';
import type { UpFlags } from './durable-options.js';
import { loadConfigFor } from './load-config.js';
import { printUpSuccess } from './up.js';

type InitKey = keyof InitOptions;
const INIT_KEYS = Object.keys(INIT_FLAGS) as InitKey[];

/** commander's camelCase name of a flag: `--external-dns-name` → externalDnsName. */
function flagProperty(flag: string): string {
  return flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

type ProvisionFlags = UpFlags & Record<string, string | boolean | undefined>;

/** The init flags given on the command line, by cluster.yaml key. */
function givenInitOptions(flags: ProvisionFlags): Partial<Record<InitKey, string>> {
  const given: Partial<Record<InitKey, string>> = {};
  for (const key of INIT_KEYS) {
    const value = flags[flagProperty(INIT_FLAGS[key])];
    if (typeof value === 'string' && value !== '') given[key] = value;
  }
  return given;
}

/** The init step's options: every flag required (kube-aws's message), then init's own checks. */
function initOptions(ctx: CommandContext, given: Partial<Record<InitKey, string>>): InitOptions {
  const missing = INIT_KEYS.filter((key) => given[key] === undefined).map((key) => `"${INIT_FLAGS[key]}"`);
  if (missing.length > 0) {
    throw new CliUsageError(`Missing required flag(s): ${missing.join(', ')} (there is no cluster.yaml here, so provision starts with init)`);
  }
  const options = given as InitOptions;
  const issues = checkInitOptions(options);
  for (const warning of issues.filter((i) => i.severity === 'warning')) ctx.output.warn(warning.message);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new InitOptionsError(errors);
  return options;
}

export function registerProvision(program: Command, context: () => CommandContext): void {
  const command = program
    .command('provision')
    .description('init (unless cluster.yaml exists), render, validate, up and verify, as one durable workflow');
  for (const key of INIT_KEYS) command.option(`${INIT_FLAGS[key]} <value>`, `as for init (only when there is no cluster.yaml yet)`);
  addUpOptions(command);
  addCommonDurableOptions(command);
  command.action(async (flags: ProvisionFlags) => {
    const ctx = context();
    const { output } = ctx;
    noteAwsDebug(flags, output);
    const given = givenInitOptions(flags);
    const up = upOptions(flags, true);

    let cluster: { clusterName: string; region: string; kmsKeyArn: string };
    let init: InitOptions | undefined;
    if (existsSync(join(ctx.dir, CLUSTER_YAML))) {
      cluster = await loadConfigFor(ctx);
      const ignored = INIT_KEYS.filter((key) => given[key] !== undefined).map((key) => INIT_FLAGS[key]);
      if (ignored.length > 0) output.warn(`cluster.yaml exists, so ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored (provision never overwrites it)`);
    } else {
      init = initOptions(ctx, given);
      cluster = init;
    }

    const runDurable = await loadRunDurable();
    const outcome = await runDurable<UpResult>(ctx, {
      command: 'provision',
      clusterName: cluster.clusterName,
      region: cluster.region,
      kmsKeyArn: cluster.kmsKeyArn,
      ...(flags.assetsUri !== undefined ? { assetsUri: flags.assetsUri } : {}),
      commandLine: 'kube-aws provision',
      failurePrefix: 'Error provisioning cluster',
      wait: flags.wait !== false,
      input: (common): ProvisionInput => ({ ...common, ...(init ? { init: { assetsUri: common.assetsUri, ...init } } : {}), up }),
      announce: 'Creating AWS resources. This should take around 5 minutes.',
    });
    if (outcome.result) printUpSuccess(output, outcome.result);
    output.result(outcome);
  });
}
