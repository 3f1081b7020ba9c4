/**
 * The failures the workflows raise themselves, and how activity failures surface: a workflow
 * failure always has the `type` a client branches on (`FAILURE_TYPES` of `@kube-aws/aws`, or
 * {@link WORKFLOW_FAILURE_TYPES}), never a bare `ActivityFailure` wrapper around it.
 */
import type {
  BootUnitFailure,
  FailureType,
  KubernetesSnapshot,
  NodeBootFailure,
  NodeInstancesReport,
  StackFailure,
  StackSnapshot,
  WatchStackInput,
} from '@kube-aws/aws';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { WorkflowFailureType } from '../contract.js';

type Operation = WatchStackInput['operation'];

const VERB: Record<Operation, string> = { CREATE: 'create', UPDATE: 'update', DELETE: 'delete' };

/** How to get out of a failed operation, as commands the user can run. */
function recovery(operation: Operation): string {
  switch (operation) {
    case 'DELETE':
      return 'Remove what blocks the deletion (often resources made outside CloudFormation in its VPC), then run `kube-aws destroy` again.';
    case 'UPDATE':
      return 'Fix the cause and run `kube-aws up` again, or start over with `kube-aws up --recreate`, or remove the cluster with `kube-aws destroy`.';
    case 'CREATE':
      return 'Fix the cause, then run `kube-aws up --recreate` (deletes the failed stack and creates it again) or `kube-aws destroy`.';
  }
}

function failureLines(failures: readonly StackFailure[]): string {
  return failures.map((f) => `\n  - ${f.logicalId} (${f.resourceType}) ${f.status}: ${f.reason}`).join('');
}

/** A stack operation ended in failure; details are the failed resources. */
export function stackFailed(stackName: string, operation: Operation, status: string, failures: readonly StackFailure[]): ApplicationFailure {
  const what = failures.length > 0 ? failureLines(failures) : ' (CloudFormation reported no failed resource)';
  return ApplicationFailure.create({
    type: 'StackFailed' satisfies FailureType,
    nonRetryable: true,
    message: `Stack ${stackName} failed to ${VERB[operation]} (${status}):${what}\n${recovery(operation)}`,
    details: [...failures],
  });
}

/** The stack exists in a state nothing but a delete can leave (e.g. ROLLBACK_COMPLETE). */
export function stackUnusable(stack: StackSnapshot): ApplicationFailure {
  const failure: StackFailure = {
    logicalId: stack.stackName,
    resourceType: 'AWS::CloudFormation::Stack',
    status: stack.status,
    reason: stack.statusReason ?? 'no reason given',
  };
  return ApplicationFailure.create({
    type: 'StackFailed' satisfies FailureType,
    nonRetryable: true,
    message:
      `Stack ${stack.stackName} is in ${stack.status} (${failure.reason}) and cannot be updated.\n` +
      'Run `kube-aws up --recreate` to delete it and create it again, or `kube-aws destroy` to remove it.',
    details: [failure],
  });
}

/** The stack under the cluster's name was not made by kube-aws for this cluster: never touch it. */
export function foreignStack(stack: StackSnapshot, clusterName: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ForeignStack' satisfies FailureType,
    nonRetryable: true,
    message:
      `Stack ${stack.stackName} exists but was not created by kube-aws for cluster ${clusterName} ` +
      '(it lacks the kube-aws ownership tag); kube-aws will not change or delete it. Pick another clusterName in cluster.yaml.',
  });
}

/** verify's deadline passed before every node was running. */
export function nodesNotReady(report: NodeInstancesReport, expectedWorkers: number, timeoutSeconds: number): ApplicationFailure {
  const running = report.workers.filter((w) => w.state === 'running').length;
  const controller = report.controller ? report.controller.state : 'missing';
  return ApplicationFailure.create({
    type: 'NodesNotReady' satisfies WorkflowFailureType,
    nonRetryable: true,
    message:
      `The nodes were not all running after ${timeoutSeconds}s: controller ${controller}, ${running} of ${expectedWorkers} workers running. ` +
      'Look at the instances in the EC2 console (their system log shows boot errors), then run `kube-aws verify` again.',
    details: [report],
  });
}

/** Lines of "not ready" a failure message lists before it says how many more there are. */
const NOT_READY_LINES = 15;

/** Nodes whose boot failures a failure message lists in full (the snapshot in `details` has all). */
const BOOT_FAILURE_NODES = 5;

/** `kube-aws-decrypt-assets.service failed (status=1)` (the same words as the activity's lines). */
function unitFailed(u: BootUnitFailure): string {
  const why = [u.result && u.result !== 'exit-code' ? `result=${u.result}` : '', u.status ? `status=${u.status}` : ''].filter((w) => w !== '');
  return `${u.unit} failed${why.length > 0 ? ` (${why.join(', ')})` : ''}`;
}

/**
 * Each node that did not join with the units its console showed failed and their last lines
 * (already cut short and redacted by the activity), or '' when no console showed one.
 */
function bootFailureLines(failures: readonly NodeBootFailure[]): string {
  if (failures.length === 0) return '';
  const nodes = failures.slice(0, BOOT_FAILURE_NODES).map((f) => {
    const units = f.units.map((u) => `\n  - ${f.nodeName} (${f.instanceId}): ${unitFailed(u)}${u.lastLines.map((l) => `\n      ${l}`).join('')}`);
    return units.join('');
  });
  const more = failures.length > BOOT_FAILURE_NODES ? `\n  … and ${failures.length - BOOT_FAILURE_NODES} more nodes` : '';
  return `\nNodes that did not join, and the boot units their EC2 console shows failed:${nodes.join('')}${more}`;
}

/**
 * verify's deadline passed before Kubernetes was ready: what was not ready and why (the last
 * snapshot's reasons), or why the API server did not answer; and for each node that did not join,
 * the boot units its console showed failed.
 */
export function kubernetesNotReady(last: KubernetesSnapshot | undefined, timeoutSeconds: number, cause?: string): ApplicationFailure {
  let what: string;
  if (!last) {
    what = `the API server never answered${cause ? `: ${cause}` : ''}`;
  } else if (!last.reachable) {
    what = `the API server did not answer: ${last.cause ?? cause ?? 'no cause reported'}`;
  } else {
    const lines = last.notReady.slice(0, NOT_READY_LINES).map((l) => `\n  - ${l}`).join('');
    const more = last.notReady.length > NOT_READY_LINES ? `\n  … and ${last.notReady.length - NOT_READY_LINES} more` : '';
    what = `nodes ${last.nodesReady}/${last.nodesExpected} Ready, kube-system pods ${last.podsReady}/${last.podsTotal} available${cause ? ` (${cause})` : ''}. Not ready:${lines}${more}`;
  }
  const booted = last?.bootFailures ?? [];
  const firstUnit = booted[0]?.units[0]?.unit;
  const where = firstUnit
    ? `On the node, \`journalctl -u ${firstUnit}\` shows the unit's whole output`
    : 'On the controller, `journalctl -u kubelet -u kube-aws-addons` shows why';
  return ApplicationFailure.create({
    type: 'KubernetesNotReady' satisfies WorkflowFailureType,
    nonRetryable: true,
    message: `Kubernetes was not ready after ${timeoutSeconds}s: ${what}${bootFailureLines(booted)}\n${where}; run \`kube-aws verify\` to wait again.`,
    details: last ? [last] : [],
  });
}

/**
 * The failure a workflow ends with for `err`: an activity's `ApplicationFailure` is lifted out
 * of its `ActivityFailure` wrapper (keeping the wrapper as cause, for the activity's name).
 */
export function toWorkflowFailure(err: unknown): unknown {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    const cause = err.cause;
    return ApplicationFailure.create({
      ...(cause.type == null ? {} : { type: cause.type }),
      message: cause.message,
      nonRetryable: true,
      details: cause.details ? [...cause.details] : [],
      cause: err,
    });
  }
  return err;
}
