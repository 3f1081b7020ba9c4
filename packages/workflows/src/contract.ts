/**
 * The workflow contract shared by the worker and the CLI: workflow names, inputs and results,
 * the `progress` query, the workflow-ID scheme and the search attributes. Pure: no Temporal or
 * Node imports, so the CLI may import it without loading workflow code.
 */
import type {
  AssetsUri,
  ClusterSummary,
  CredentialIdentity,
  InitInput,
  KubeNodeRow,
  KubernetesSnapshot,
  NodeBootFailure,
  NodeInstancesReport,
  OnFailure,
  PreflightCheck,
  StackEventView,
  StackFailure,
  TemplateValidationReport,
} from '@kube-aws/aws';

export const TASK_QUEUE = 'kube-aws';

/** Workflow type names, as registered by the worker (the exported function names). */
export const WORKFLOWS = {
  provision: 'provisionWorkflow',
  validate: 'validateWorkflow',
  up: 'upWorkflow',
  verify: 'verifyWorkflow',
  status: 'statusWorkflow',
  destroy: 'destroyWorkflow',
} as const;
export type CommandName = keyof typeof WORKFLOWS;

/** Commands that change the cluster: one at a time per cluster, under {@link clusterWorkflowId}. */
export const MUTATING_COMMANDS: readonly CommandName[] = ['provision', 'up', 'destroy'];

/**
 * The workflow ID of the cluster's one mutating operation. Starting `up` twice attaches to the
 * running one; a different mutating command finds this ID busy and is refused.
 */
export function clusterWorkflowId(account: string, region: string, clusterName: string): string {
  return `kube-aws:${account}:${region}:${clusterName}`;
}

/** Read-only commands get their own IDs, unique per run. */
export function readOnlyWorkflowId(command: CommandName, account: string, region: string, clusterName: string, nonce: string): string {
  return `kube-aws:${account}:${region}:${clusterName}:${command}:${nonce}`;
}

/** Custom search attributes (Keyword) set on every kube-aws workflow. The sandbox registers them. */
export const SEARCH_ATTRIBUTES = {
  ClusterName: 'ClusterName',
  Region: 'Region',
  Account: 'Account',
  Step: 'Step',
} as const;

/** Where a workflow is. `provision` goes through them all; other workflows use a subset. */
export const STEPS = [
  'init',
  'render',
  'validate',
  'preflight',
  'encrypt',
  'create-assets',
  'upload',
  'create-nodes',
  'verify',
  'cleanup',
  'delete',
  'status',
  'done',
] as const;
export type Step = (typeof STEPS)[number];

export interface UpOptions {
  readonly onFailure: OnFailure;
  /** Delete the stack first (from any state), then create it again, in one workflow. */
  readonly recreate: boolean;
  /** Include verify at the end (provision always does). */
  readonly verify?: boolean;
}

/** Common to every workflow input. */
export interface ClusterWorkflowInput {
  readonly assetsUri: AssetsUri;
  readonly clusterName: string;
  readonly region: string;
  readonly account: string;
}

export interface ProvisionInput extends ClusterWorkflowInput {
  /** When cluster.yaml is missing, init writes it from these. */
  readonly init?: InitInput;
  readonly up: UpOptions;
}

export type UpInput = ClusterWorkflowInput & UpOptions;
export type ValidateInput = ClusterWorkflowInput;
export type VerifyInput = ClusterWorkflowInput & { readonly timeoutSeconds?: number };
export type StatusInput = ClusterWorkflowInput;
export type DestroyInput = ClusterWorkflowInput;

/**
 * What verify found in Kubernetes once everything was ready: who each rendered credential is to
 * the API server, the node table and kube-system's workloads. Names and identities only.
 */
export interface KubernetesReport
  extends Pick<KubernetesSnapshot, 'nodes' | 'nodesReady' | 'nodesExpected' | 'workloads' | 'podsReady' | 'podsTotal'> {
  /** The URL verify connected to (an endpoint override shows as `https://127.0.0.1:PORT`). */
  readonly server: string;
  /** The name the API server's certificate was verified for. */
  readonly serverName: string;
  readonly credentials: readonly CredentialIdentity[];
}

export interface UpResult {
  readonly clusterName: string;
  readonly stackId: string;
  readonly stackStatus: string;
  readonly controllerIP?: string;
  readonly assetsBucket?: string;
  /** The stack was already complete with these configs: nothing was created. */
  readonly alreadyUp: boolean;
  readonly nodes?: NodeInstancesReport;
  /** Set when verify ran its Kubernetes checks (runs started before they existed have none). */
  readonly kubernetes?: KubernetesReport;
}

/** `provision` ends where `up` does (with `nodes`, since it always verifies). */
export type ProvisionResult = UpResult;
/** `verify` answers with the running stack and its nodes (`alreadyUp` is always true). */
export type VerifyResult = UpResult;

export interface ValidateResult {
  readonly cluster: ClusterSummary;
  readonly template: TemplateValidationReport;
  readonly preflight: readonly PreflightCheck[];
}

export interface StatusResult {
  readonly clusterName: string;
  readonly exists: boolean;
  readonly stackStatus?: string;
  readonly statusReason?: string;
  readonly controllerIP?: string;
  readonly outputs?: Readonly<Record<string, string>>;
}

export interface DestroyResult {
  readonly clusterName: string;
  readonly deleted: boolean;
  readonly alreadyGone: boolean;
}

export interface StepState {
  readonly step: Step;
  readonly state: 'running' | 'done' | 'failed' | 'skipped';
  /** ISO-8601, workflow time. */
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly detail?: string;
}

/** verify's view of Kubernetes while it waits, as the `progress` query shows it. */
export interface KubernetesProgress {
  /** The API server answered the latest look. */
  readonly reachable: boolean;
  /** Every rendered client credential authenticated (checked once the API server answers). */
  readonly credentialsChecked: boolean;
  readonly ready: boolean;
  readonly nodesReady: number;
  readonly nodesExpected: number;
  readonly podsReady: number;
  readonly podsTotal: number;
  /** The latest reason it is not ready: why the API server does not answer, or the first thing not ready. */
  readonly cause?: string;
  /** `kubectl get nodes` as of the latest look. */
  readonly nodes: readonly KubeNodeRow[];
  /** What is not ready and why (at most {@link PROGRESS_NOT_READY_LIMIT} lines). */
  readonly notReady: readonly string[];
  /**
   * Nodes not registered whose EC2 console shows failed boot units: each unit with its status and
   * last lines (absent when there are none, or none could be read).
   */
  readonly bootFailures?: readonly NodeBootFailure[];
  /** When the activity looked (ISO-8601, the worker's clock). */
  readonly observedAt: string;
}

export const PROGRESS_NOT_READY_LIMIT = 20;

/** Answer of the `progress` query. */
export interface Progress {
  readonly command: CommandName;
  readonly clusterName: string;
  readonly step: Step;
  readonly steps: readonly StepState[];
  readonly stackStatus?: string;
  /** The most recent stack events, oldest first (at most {@link PROGRESS_EVENT_LIMIT}). */
  readonly events: readonly StackEventView[];
  /** Total stack events seen, so a client can tell which of `events` are new to it. */
  readonly eventCount: number;
  readonly failures: readonly StackFailure[];
  readonly startedAt: string;
  readonly elapsedSeconds: number;
  readonly message?: string;
  /** How the workflow stands: still running, or how it ended (the query also answers closed workflows). */
  readonly outcome?: WorkflowOutcome;
  /** The step the workflow was in when it failed or was cancelled. */
  readonly stoppedAt?: Step;
  /** verify's Kubernetes checks, once they have started. */
  readonly kubernetes?: KubernetesProgress;
}

export type WorkflowOutcome = 'running' | 'completed' | 'failed' | 'cancelled';

export const PROGRESS_QUERY = 'progress';
export const PROGRESS_EVENT_LIMIT = 50;

/**
 * `ApplicationFailure.type` of the failures a workflow raises itself (the activities' types are
 * `FAILURE_TYPES` in `@kube-aws/aws`), and what kind of failure each is for the CLI's exit code.
 * A workflow failure caused by an activity carries the activity's type unchanged.
 *
 * `StackFailed` (an `activity` type, also raised by the workflows when a stack operation ends in
 * failure) has the failed resources as its details: `details` is the `StackFailure[]` itself, one
 * resource per element.
 */
export const WORKFLOW_FAILURE_TYPES = {
  /** `verify` timed out before the controller and every worker were running. */
  NodesNotReady: 'timeout',
  /**
   * `verify` timed out before the API server answered, or before every node was Ready and every
   * kube-system workload available; the message lists what was not ready and why, and each node
   * that did not join with the boot units its console showed failed (unit, status, last lines);
   * `details[0]` is the last `KubernetesSnapshot` (when there was one; its `bootFailures`).
   */
  KubernetesNotReady: 'timeout',
} as const;
export type WorkflowFailureType = keyof typeof WORKFLOW_FAILURE_TYPES;
