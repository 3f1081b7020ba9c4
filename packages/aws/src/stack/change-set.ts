/**
 * {@link runChangeSet}: create a change set (or find the one an earlier attempt made under the
 * same name), wait until CloudFormation has planned it, and execute it once. Every step first
 * looks at what is already there, so a retry after a crash anywhere in between carries on instead
 * of starting a second operation.
 */
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import type { DescribeChangeSetCommandOutput, Parameter, Tag } from '@aws-sdk/client-cloudformation';
import { ApplicationFailure } from '@temporalio/common';
import type { OnFailure } from '../contract.js';
import { ChangeSetFailedError, StackBusyError } from '../errors.js';
import { classified, toActivityFailure } from '../failures.js';
import type { PollTiming } from './poll-timing.js';
import { findOperationStart, newestEventId } from './stack-reads.js';
import type { CfnClient } from './stack-reads.js';
import type { TemplateSource } from './template-source.js';

/** Planning a change set takes seconds; give up (retryably) well inside the activity's timeout. */
export const CHANGE_SET_WAIT_MS = 90_000;
const CHANGE_SET_FIRST_POLL_MS = 500;
const CHANGE_SET_MAX_POLL_MS = 5_000;

export interface ChangeSetRequest {
  readonly stackName: string;
  readonly type: 'CREATE' | 'UPDATE';
  /** Also the ClientToken and ClientRequestToken. */
  readonly name: string;
  readonly template: TemplateSource;
  readonly parameters: readonly Parameter[];
  readonly tags: readonly Tag[];
  readonly onFailure: OnFailure;
}

export interface ChangeSetOutcome {
  readonly stackId: string;
  readonly noChanges: boolean;
  /** An earlier attempt had created (or executed) this change set. */
  readonly adopted: boolean;
  readonly sinceEventId?: string;
}

type ChangeSet = DescribeChangeSetCommandOutput;

/** CloudFormation's two ways of saying "nothing to change" (moto uses the second). */
export function isNoChanges(reason: string): boolean {
  return /didn't contain changes|No updates are to be performed/i.test(reason);
}

function isChangeSetMissing(e: unknown): boolean {
  const err = e as { name?: string; message?: string } | null;
  return (
    err?.name === 'ChangeSetNotFoundException' ||
    err?.name === 'ChangeSetNotFound' ||
    (err?.name === 'ValidationError' && /does not exist/.test(err.message ?? ''))
  );
}

function isExecuted(cs: ChangeSet): boolean {
  return ['EXECUTE_IN_PROGRESS', 'EXECUTE_COMPLETE', 'EXECUTE_FAILED'].includes(cs.ExecutionStatus ?? '');
}

async function describeChangeSet(cfn: CfnClient, req: ChangeSetRequest): Promise<ChangeSet | null> {
  try {
    return await cfn.send(new DescribeChangeSetCommand({ StackName: req.stackName, ChangeSetName: req.name }));
  } catch (e) {
    if (isChangeSetMissing(e)) return null;
    throw toActivityFailure(e, { action: `read change set ${req.name} of stack ${req.stackName}` });
  }
}

async function createChangeSet(cfn: CfnClient, req: ChangeSetRequest): Promise<'created' | 'no-changes'> {
  try {
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: req.stackName,
        ChangeSetName: req.name,
        ChangeSetType: req.type,
        ...req.template,
        Parameters: [...req.parameters],
        // No IAM resource has a fixed name, so never CAPABILITY_NAMED_IAM.
        Capabilities: ['CAPABILITY_IAM'],
        Tags: [...req.tags],
        ClientToken: req.name,
        // OnStackFailure is for creates only; an update's failure mode is set when it is executed.
        ...(req.type === 'CREATE' ? { OnStackFailure: req.onFailure } : {}),
      }),
    );
    return 'created';
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err.name === 'ValidationError' && isNoChanges(err.message ?? '')) return 'no-changes';
    throw toActivityFailure(e, { action: `create change set ${req.name} for stack ${req.stackName}`, subject: 'template' });
  }
}

async function waitUntilPlanned(cfn: CfnClient, req: ChangeSetRequest, timing: PollTiming): Promise<ChangeSet> {
  const deadline = timing.now() + CHANGE_SET_WAIT_MS;
  let delay = CHANGE_SET_FIRST_POLL_MS;
  for (;;) {
    const cs = await describeChangeSet(cfn, req);
    if (cs === null) {
      throw ApplicationFailure.retryable(`change set ${req.name} of stack ${req.stackName} vanished while being planned`, 'AwsConflict');
    }
    if (cs.Status !== 'CREATE_PENDING' && cs.Status !== 'CREATE_IN_PROGRESS') return cs;
    if (timing.now() >= deadline) {
      // Retryable: the next attempt finds the change set by name and waits on.
      throw ApplicationFailure.retryable(`change set ${req.name} of stack ${req.stackName} is still ${cs.Status}`, 'AwsUnavailable');
    }
    await timing.sleep(delay);
    delay = Math.min(CHANGE_SET_MAX_POLL_MS, delay * 2);
  }
}

async function adoptExecuted(cfn: CfnClient, req: ChangeSetRequest, cs: ChangeSet): Promise<ChangeSetOutcome> {
  const stackId = cs.StackId ?? req.stackName;
  const start = await classified({ action: `read the events of stack ${req.stackName}` }, () => findOperationStart(cfn, stackId, req.name));
  return { stackId, noChanges: false, adopted: true, ...(start.sinceEventId === undefined ? {} : { sinceEventId: start.sinceEventId }) };
}

async function dropChangeSet(cfn: CfnClient, req: ChangeSetRequest): Promise<void> {
  await classified({ action: `delete change set ${req.name} of stack ${req.stackName}` }, () =>
    cfn.send(new DeleteChangeSetCommand({ StackName: req.stackName, ChangeSetName: req.name })),
  );
}

export async function runChangeSet(cfn: CfnClient, req: ChangeSetRequest, timing: PollTiming, existingStackId?: string): Promise<ChangeSetOutcome> {
  let cs = await describeChangeSet(cfn, req);
  let adopted = cs !== null;
  if (cs !== null && cs.ExecutionStatus === 'OBSOLETE') {
    // The stack changed since this change set was planned: plan it again from the stack as it is.
    await dropChangeSet(cfn, req);
    cs = null;
    adopted = false;
  }
  if (cs !== null && isExecuted(cs)) return adoptExecuted(cfn, req, cs);
  if (cs === null && (await createChangeSet(cfn, req)) === 'no-changes') {
    return { stackId: existingStackId ?? req.stackName, noChanges: true, adopted: false };
  }

  cs = await waitUntilPlanned(cfn, req, timing);
  const stackId = cs.StackId ?? existingStackId ?? req.stackName;
  if (cs.Status === 'FAILED') {
    const reason = cs.StatusReason ?? 'no reason given';
    if (!isNoChanges(reason)) throw new ChangeSetFailedError(req.stackName, req.name, reason);
    // Keep the stack's change-set list clean; a failed change set is never executed.
    await dropChangeSet(cfn, req);
    return { stackId, noChanges: true, adopted };
  }
  if (isExecuted(cs)) return adoptExecuted(cfn, req, cs);
  if (cs.ExecutionStatus !== 'AVAILABLE') throw new StackBusyError(req.stackName, `not ready (change set ${cs.ExecutionStatus})`, 'execute the change set');

  const sinceEventId = await classified({ action: `read the events of stack ${req.stackName}` }, () => newestEventId(cfn, stackId));
  try {
    await cfn.send(
      new ExecuteChangeSetCommand({
        StackName: req.stackName,
        ChangeSetName: req.name,
        ClientRequestToken: req.name,
        // onFailure DO_NOTHING on an update: stop at UPDATE_FAILED, leaving the failed resources to inspect.
        ...(req.type === 'UPDATE' && req.onFailure === 'DO_NOTHING' ? { DisableRollback: true } : {}),
      }),
    );
  } catch (e) {
    // Executed by a concurrent attempt in the meantime? Then that one is ours to adopt.
    const again = await describeChangeSet(cfn, req);
    if (again !== null && isExecuted(again)) return adoptExecuted(cfn, req, again);
    throw toActivityFailure(e, { action: `execute change set ${req.name} of stack ${req.stackName}` });
  }
  return { stackId, noChanges: false, adopted, ...(sinceEventId === undefined ? {} : { sinceEventId }) };
}
