/**
 * The activity contract: every activity the workflows schedule, with its input and result.
 * Workflows import this file type-only (`import type { KubeAwsActivities } from '@kube-aws/aws'`);
 * `createActivities(deps)` in this package returns an object of exactly this type.
 *
 * Nothing here carries key material: clusters are named by an assets URI, files by their relative
 * path, contents by digests. Results and heartbeats are plain JSON.
 */
import type { InitOptions } from '@kube-aws/config';

/**
 * Where a cluster's assets live: `file:///abs/dir` (the directory holding cluster.yaml, the
 * default) or `s3://bucket/prefix` (SSE-KMS; for workers on other machines).
 */
export type AssetsUri = string;

/** The cluster an activity acts on. */
export interface ClusterRef {
  readonly assetsUri: AssetsUri;
}

/** What the workflows need to know of cluster.yaml (no secrets; the KMS ARN is not one). */
export interface ClusterSummary {
  readonly clusterName: string;
  /** CloudFormation stack name; kube-aws used the cluster name. */
  readonly stackName: string;
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly externalDNSName: string;
  readonly createRecordSet: boolean;
  readonly workerCount: number;
  readonly kmsKeyArn: string;
  readonly keyName: string;
  readonly controllerIP: string;
  /** SHA-256 (hex) of cluster.yaml's bytes, to notice a change between steps. */
  readonly configDigest: string;
  /** Warnings the config produced (deprecated keys and the like), for the CLI to show. */
  readonly warnings: readonly string[];
}

export interface AccountIdentity {
  readonly account: string;
  readonly region: string;
  /** The caller's ARN, for messages. */
  readonly arn: string;
}

/** `kube-aws init` inside `provision`: flags as the CLI took them. */
export interface InitInput extends InitOptions {
  readonly assetsUri: AssetsUri;
}

export interface InitResult {
  /** false when cluster.yaml already existed (provision resumes, it never overwrites). */
  readonly wrote: boolean;
}

export interface RenderSummary {
  /** Relative paths with what render did to each (`wrote`, `updated`, `unchanged`, `kept-edited`, `reused`, `reissued`). */
  readonly files: readonly { readonly path: string; readonly action: string; readonly reason?: string }[];
  readonly warnings: readonly string[];
}

export interface LocalValidationSummary {
  readonly userDataBytes: { readonly controller: number; readonly worker: number };
  readonly templateBytes: number;
  readonly templateFitsInline: boolean;
  readonly warnings: readonly string[];
}

/** The seed's "Validation Report", from CloudFormation ValidateTemplate. */
export interface TemplateValidationReport {
  readonly description: string;
  readonly parameters: readonly { readonly key: string; readonly defaultValue?: string; readonly description?: string }[];
  /** From the service, or worked out from the template's IAM resources when it returns none (moto). */
  readonly capabilities: readonly string[];
  readonly capabilitiesReason?: string;
  /** Where the body went: inline, or the S3 URL it was uploaded to. */
  readonly templateUrl?: string;
}

export interface ImageChoice {
  readonly imageId: string;
  readonly name: string;
}

export interface PreflightCheck {
  readonly name: 'key-pair' | 'hosted-zone' | 'availability-zones' | 'vpc' | 'image' | 'stack-name' | 'kms-key' | 'instance-types';
  readonly ok: boolean;
  readonly detail: string;
  /**
   * `kms-key`, when it passed: the key ARN cluster.yaml's `kmsKeyArn` resolves to (the same ARN
   * when it already is one). `up` passes it to `deployStack` for the template's `KmsKeyArn`.
   */
  readonly keyArn?: string;
  /** Something to tell the user although the check passed (`kmsKeyArn alias/x resolves to …`). */
  readonly note?: string;
}

export interface PreflightInput extends ClusterRef {
  readonly imageId: string;
}

/** Final node configs (TLS assets KMS-encrypted) written to the asset store; digests only. */
export interface NodeConfigDigests {
  readonly controller: { readonly path: string; readonly sha512: string; readonly bytes: number };
  readonly worker: { readonly path: string; readonly sha512: string; readonly bytes: number };
}

export interface UploadNodeConfigsInput extends ClusterRef {
  readonly bucket: string;
  readonly digests: NodeConfigDigests;
}

export interface UploadNodeConfigsResult {
  /** S3 keys written (or already present with the same digest). */
  readonly keys: readonly string[];
  readonly skipped: number;
}

export type StackPhase = 'assets' | 'nodes';
export type OnFailure = 'DO_NOTHING' | 'ROLLBACK' | 'DELETE';

export interface DeployStackInput extends ClusterRef {
  readonly phase: StackPhase;
  readonly imageId: string;
  readonly digests?: NodeConfigDigests;
  /**
   * The template's `KmsKeyArn`: the key ARN preflight resolved `kmsKeyArn` to. Absent in runs
   * started before preflight resolved keys; `deployStack` then resolves it itself.
   */
  readonly kmsKeyArn?: string;
  readonly onFailure: OnFailure;
  /**
   * Idempotency token, stable across retries and crash-resume (derived from the workflow ID and
   * run): a stack or change set already made with it is adopted, never made twice.
   */
  readonly token: string;
}

export interface DeployStackResult {
  readonly stackId: string;
  readonly stackName: string;
  /** CREATE for a new stack, UPDATE for the nodes phase on an existing one. */
  readonly operation: 'CREATE' | 'UPDATE';
  readonly changeSetName: string;
  /** true when the stack already had these parameters (nothing to execute). */
  readonly noChanges: boolean;
  /** true when an earlier attempt's stack or change set was found and adopted. */
  readonly adopted: boolean;
  /** Event id the wait should start after (events before it belong to earlier operations). */
  readonly sinceEventId?: string;
}

export interface StackEventView {
  readonly eventId: string;
  /** ISO-8601. */
  readonly timestamp: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
}

export interface WatchStackInput {
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
  /** Only events after this one are returned (exclusive). */
  readonly afterEventId?: string;
  /** Return as soon as new events appear or the stack settles, or after this long (seconds). */
  readonly maxWaitSeconds: number;
  /** What "settled" means: the terminal statuses of this operation. */
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
}

export interface StackFailure {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason: string;
}

export interface WatchStackResult {
  /** Current stack status; `DELETE_COMPLETE` also when the stack is gone. */
  readonly status: string;
  /** The operation ended (successfully or not). */
  readonly settled: boolean;
  readonly succeeded: boolean;
  /** New events, oldest first. */
  readonly events: readonly StackEventView[];
  /** On failure: the resources that failed and why. */
  readonly failures: readonly StackFailure[];
}

export interface StackSnapshot {
  readonly stackId: string;
  readonly stackName: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Stack carries kube-aws's ownership tag for this cluster. */
  readonly ownedByKubeAws: boolean;
}

export interface StackRef {
  readonly region: string;
  readonly stackName: string;
  readonly stackId?: string;
}

export interface CleanupInput {
  readonly region: string;
  readonly clusterName: string;
  readonly vpcId?: string;
}

export interface CleanupReport {
  readonly loadBalancers: readonly string[];
  readonly volumes: readonly string[];
  readonly networkInterfaces: readonly string[];
  readonly securityGroups: readonly string[];
  readonly bucketObjects: number;
}

export interface DeleteStackResult {
  readonly stackId?: string;
  /** Nothing to delete: the stack did not exist. */
  readonly alreadyGone: boolean;
  /** The newest event before the delete: the watch starts after it. */
  readonly sinceEventId?: string;
}

/** What `verify` checks before Kubernetes is reachable (EC2 view of the nodes). */
export interface NodeInstancesReport {
  readonly controller?: { readonly instanceId: string; readonly privateIp: string; readonly state: string; readonly nodeName: string };
  readonly workers: readonly { readonly instanceId: string; readonly privateIp: string; readonly state: string; readonly nodeName: string }[];
  readonly expectedWorkers: number;
}

/**
 * One rendered client credential as the API server sees it (authentication.k8s.io/v1
 * SelfSubjectReview): names and identities only, never key material.
 */
export interface CredentialIdentity {
  /** The file the credential came from, relative to the cluster directory (`kubeconfig`, `credentials/worker.pem`). */
  readonly file: string;
  /** What it is, for people: `the worker bootstrap credential`. */
  readonly what: string;
  readonly username: string;
  readonly groups: readonly string[];
}

/** `checkClusterCredentials`: every client credential authenticated, and where the API server was reached. */
export interface ClusterCredentialsReport {
  /** The URL connected to: the kubeconfig's server, or `https://127.0.0.1:PORT` with an endpoint override. */
  readonly server: string;
  /** The name the server certificate was verified for (the kubeconfig's host, or its `tls-server-name`). */
  readonly serverName: string;
  readonly credentials: readonly CredentialIdentity[];
}

/** An expected node's EC2 instance: verify reads the console of the ones that have not registered. */
export interface NodeInstanceRef {
  /** Its Kubernetes node name, as AWS names it (`ip-10-0-0-51.us-west-1.compute.internal`). */
  readonly nodeName: string;
  readonly instanceId: string;
}

/**
 * A boot unit that failed on a node, read from the instance's EC2 console output (the last failure
 * of the unit; a unit that succeeded after failing is not one). Untrusted text from the node: at
 * most a few short lines, with anything like a private key or an AWS secret key redacted.
 */
export interface BootUnitFailure {
  /** The systemd unit, `kube-aws-decrypt-assets.service`. */
  readonly unit: string;
  /** systemd's result (`exit-code`, `signal`, `timeout` …), when the unit reported it. */
  readonly result?: string;
  /** The exit status (`1`) or signal (`KILL`), when the unit reported it. */
  readonly status?: string;
  /** The unit's last output lines before it failed, oldest first (at most 5, each cut short). */
  readonly lastLines: readonly string[];
}

/** Why a node that has not registered did not join: the units its console shows failed. */
export interface NodeBootFailure extends NodeInstanceRef {
  /** Units that failed, kube-aws's own first (at most 3). */
  readonly units: readonly BootUnitFailure[];
}

export interface ObserveKubernetesInput extends ClusterRef {
  /** Node names that must be registered and Ready (from `describeNodeInstances`: controller first). */
  readonly expectedNodes: readonly string[];
  /** The controller's node name: its static pods' mirror pods are `<pod>-<controllerNode>`. */
  readonly controllerNode: string;
  /** Return by then with the latest snapshot, ready or not (the workflow calls again). */
  readonly maxWaitSeconds: number;
  /**
   * `ready` (default): return as soon as every node and kube-system workload is ready.
   * `reachable`: return as soon as the API server answers (verify checks credentials then).
   */
  readonly returnWhen?: 'ready' | 'reachable';
  /**
   * The expected nodes' instances and their region: the console output of each one not
   * registered (all of them while the API server does not answer) is read (`ec2:GetConsoleOutput`,
   * at most once per instance every 30 s) for failed boot units. Without it, no console is read.
   */
  readonly nodeInstances?: { readonly region: string; readonly instances: readonly NodeInstanceRef[] };
}

/** A row of `kubectl get nodes`. */
export interface KubeNodeRow {
  readonly name: string;
  /** As kubectl prints it: `Ready`, `NotReady`, `Unknown`, `Ready,SchedulingDisabled`. */
  readonly status: string;
  /** From the `node-role.kubernetes.io/<role>` labels, comma-joined; `<none>` without one. */
  readonly roles: string;
  /** kubectl's short age (`45s`, `5m10s`, `3h`) at the time of the snapshot. */
  readonly age: string;
  readonly version: string;
  /** Ready condition True. */
  readonly ready: boolean;
}

/** A kube-system workload verify waits for. */
export interface KubeWorkloadStatus {
  readonly kind: 'Deployment' | 'DaemonSet' | 'StaticPod';
  readonly name: string;
  /** Available replicas (Deployment), available pods (DaemonSet), 1 for a Ready mirror pod. */
  readonly ready: number;
  /** spec.replicas (Deployment), desiredNumberScheduled (DaemonSet, at least 1), 1 (static pod). */
  readonly desired: number;
  /** Why it is not ready yet (pod reasons, scheduling messages); absent when ready. */
  readonly reason?: string;
}

/** What `observeKubernetes` saw last. */
export interface KubernetesSnapshot {
  /** The API server answered (false: `cause` says why not; the workflow keeps waiting). */
  readonly reachable: boolean;
  /** Why the API server could not be reached (DNS, connection refused, timeout, 5xx). */
  readonly cause?: string;
  /** Every expected node Ready and every kube-system workload available. */
  readonly ready: boolean;
  /** Every registered node (expected or not), sorted by name. */
  readonly nodes: readonly KubeNodeRow[];
  readonly nodesReady: number;
  readonly nodesExpected: number;
  readonly workloads: readonly KubeWorkloadStatus[];
  readonly podsReady: number;
  readonly podsTotal: number;
  /** One line per node or workload that is not ready, with its reason. */
  readonly notReady: readonly string[];
  /**
   * Nodes not registered whose console shows failed boot units (at most 10 nodes); absent when
   * none does, or no console was read. Their `notReady` lines name the unit too.
   */
  readonly bootFailures?: readonly NodeBootFailure[];
  /** ISO-8601 (the worker's clock). */
  readonly observedAt: string;
  /** Polls this call made. */
  readonly polls: number;
}

/**
 * Every activity, by name. Retry classification: errors thrown as non-retryable
 * `ApplicationFailure`s carry one of {@link FAILURE_TYPES} as their type.
 */
export interface KubeAwsActivities {
  // Offline steps, over the asset store.
  initCluster(input: InitInput): Promise<InitResult>;
  loadCluster(input: ClusterRef): Promise<ClusterSummary>;
  renderAssets(input: ClusterRef): Promise<RenderSummary>;
  validateAssets(input: ClusterRef): Promise<LocalValidationSummary>;
  // AWS.
  resolveAccount(input: { readonly region: string }): Promise<AccountIdentity>;
  resolveImage(input: ClusterRef): Promise<ImageChoice>;
  preflight(input: PreflightInput): Promise<readonly PreflightCheck[]>;
  validateTemplate(input: ClusterRef & { readonly imageId: string }): Promise<TemplateValidationReport>;
  prepareNodeConfigs(input: ClusterRef): Promise<NodeConfigDigests>;
  uploadNodeConfigs(input: UploadNodeConfigsInput): Promise<UploadNodeConfigsResult>;
  deployStack(input: DeployStackInput): Promise<DeployStackResult>;
  watchStack(input: WatchStackInput): Promise<WatchStackResult>;
  describeStack(input: StackRef): Promise<StackSnapshot | null>;
  cleanupKubernetesResources(input: CleanupInput): Promise<CleanupReport>;
  deleteStack(input: StackRef): Promise<DeleteStackResult>;
  describeNodeInstances(input: ClusterRef & { readonly stackName: string }): Promise<NodeInstancesReport>;
  // Kubernetes (the rendered kubeconfig and client credentials against the API server).
  checkClusterCredentials(input: ClusterRef): Promise<ClusterCredentialsReport>;
  observeKubernetes(input: ObserveKubernetesInput): Promise<KubernetesSnapshot>;
}

/**
 * `ApplicationFailure.type` of every non-retryable failure an activity raises, and whether it is
 * the user's to fix (CLI exit 2) or the infrastructure's (exit 1).
 */
export const FAILURE_TYPES = {
  ConfigInvalid: 'user',
  AssetsInvalid: 'user',
  AssetsMissing: 'user',
  PreflightFailed: 'user',
  TemplateInvalid: 'user',
  AccessDenied: 'user',
  ForeignStack: 'user',
  StackFailed: 'infra',
  StackGone: 'infra',
  StackBusy: 'infra',
  AwsRequestInvalid: 'user',
  /** The API server answered 401 to a rendered client credential (or it lacks its required group). */
  CredentialRejected: 'user',
  /** The API server answered 403 to a rendered client credential. */
  KubernetesForbidden: 'user',
  /** The API server's certificate does not verify for its name against the cluster CA. */
  ApiServerUntrusted: 'user',
} as const;
export type FailureType = keyof typeof FAILURE_TYPES;

/** Tags kube-aws puts on the stack it creates (CloudFormation copies them to resources). */
export const STACK_OWNER_TAG = 'kube-aws:cluster';
export const STACK_TOKEN_TAG = 'kube-aws:create-token';
