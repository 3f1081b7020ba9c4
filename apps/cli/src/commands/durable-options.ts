/**
 * Flags the durable commands share, declared once so `up` and `provision` read the same way.
 */
import type { Command } from 'commander';
import type { OnFailure } from '@kube-aws/aws';
import type { UpOptions } from '@kube-aws/workflows';
import { CliUsageError } from '../errors.js';

/** `--on-failure` values, kube-aws style on the command line, CloudFormation's in the input. */
const ON_FAILURE: Readonly<Record<string, OnFailure>> = {
  'do-nothing': 'DO_NOTHING',
  rollback: 'ROLLBACK',
  delete: 'DELETE',
};

export interface CommonDurableFlags {
  readonly wait?: boolean;
  readonly assetsUri?: string;
  readonly awsDebug?: boolean;
}

export interface UpFlags extends CommonDurableFlags {
  readonly onFailure?: string;
  readonly recreate?: boolean;
  readonly verify?: boolean;
}

/** `--assets-uri`, `--no-wait` and kube-aws's `--aws-debug`. */
export function addCommonDurableOptions(command: Command, { noWait = true }: { noWait?: boolean } = {}): Command {
  command.option('--assets-uri <uri>', 'where the worker finds the assets: s3://bucket/prefix (pushed there first) or file:///dir; default file:// + this directory (env KUBE_AWS_ASSETS_URI)');
  if (noWait) command.option('--no-wait', 'start the workflow (or find the running one), print its ID and link, and return');
  return command.option('--aws-debug', "kept from kube-aws; AWS calls run in the worker, so raise the worker's log level instead");
}

/** `up`'s own flags (also `provision`'s). */
export function addUpOptions(command: Command): Command {
  return command
    .option('--on-failure <action>', 'when the stack fails: do-nothing (keep it for inspection, as kube-aws did), rollback or delete', 'do-nothing')
    .option('--recreate', 'delete the stack first (from any state), then create it again, in one workflow');
}

export function upOptions(flags: UpFlags, verify?: boolean): UpOptions {
  const value = flags.onFailure ?? 'do-nothing';
  const onFailure = ON_FAILURE[value];
  if (!onFailure) throw new CliUsageError(`--on-failure ${value}: use one of ${Object.keys(ON_FAILURE).join(', ')}`);
  return { onFailure, recreate: Boolean(flags.recreate), ...(verify !== undefined ? { verify } : {}) };
}
