/**
 * {@link toActivityFailure}: what an activity throws when an AWS call (or our own check) fails,
 * classified once for every activity in this package:
 *
 * - transient (throttling, 5xx, dropped connections, timeouts, conflicts a retry resolves) →
 *   a *retryable* `ApplicationFailure` with a type from {@link RETRYABLE_FAILURE_TYPES}: Temporal
 *   retries it with the activity's backoff, visibly, instead of the SDK hiding it in a long loop;
 * - permanent (validation, access, a missing key pair or hosted zone, our typed errors) →
 *   `ApplicationFailure.nonRetryable(message, type)` with a type from FAILURE_TYPES and a message
 *   that says what to fix;
 * - cancellation (CancelledFailure, AbortError) and failures already classified pass through.
 *
 * Messages carry AWS's error code and text, cleaned of anything that could be key material
 * (PEM blocks, long base64 runs) and cut short; never a request body.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { FailureType } from './contract.js';
import { AwsActivityError } from './errors.js';
import { CONNECTION_ERROR_CODES, DNS_ERROR_CODES } from './shared/network-errors.js';

/** Types of the retryable failures; never listed in a retry policy's `nonRetryableErrorTypes`. */
export const RETRYABLE_FAILURE_TYPES = ['AwsThrottled', 'AwsUnavailable', 'AwsNetwork', 'AwsConflict', 'ApiServerUnreachable'] as const;
export type RetryableFailureType = (typeof RETRYABLE_FAILURE_TYPES)[number];

/** What the failing code was doing, for the message and the classification. */
export interface FailureContext {
  /** The step, as a phrase: "create change set kube-aws-assets-… for stack kube-cluster". */
  readonly action: string;
  /** A `ValidationError` here is about the template (TemplateInvalid) rather than the request. */
  readonly subject?: 'template' | 'request';
  /** How to fix a permanent failure, when the caller knows better than the generic hint. */
  readonly fix?: string;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'EC2ThrottledException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
]);

const TRANSIENT = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'Unavailable',
  'KMSInternalException',
  'KeyUnavailableException',
  'DependencyTimeoutException',
  'IDPCommunicationError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'OperationAborted',
]);

/** Another request got there first; a retry re-reads the state and adopts what it finds. */
const CONFLICT = new Set(['AlreadyExistsException', 'TokenAlreadyExistsException', 'ConcurrentModificationException']);

/** Transient network failures: the connection, or the name lookup, failed. */
const NETWORK_CODES = new Set([...CONNECTION_ERROR_CODES, ...DNS_ERROR_CODES]);

const ACCESS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'OptInRequired',
  'CredentialsProviderError',
]);

/** Errors whose fix is in cluster.yaml or the account, with the hint to give. */
const USER_FIXES: Readonly<Record<string, { readonly type: FailureType; readonly fix: string }>> = {
  'InvalidKeyPair.NotFound': { type: 'PreflightFailed', fix: 'import the key pair into this region, or fix keyName in cluster.yaml' },
  NoSuchHostedZone: { type: 'PreflightFailed', fix: 'create the hosted zone, or fix hostedZone in cluster.yaml' },
  HostedZoneNotFound: { type: 'PreflightFailed', fix: 'create the hosted zone, or fix hostedZone in cluster.yaml' },
  'InvalidAMIID.NotFound': { type: 'PreflightFailed', fix: 'fix amiId in cluster.yaml (the AMI must exist in the cluster region)' },
  'InvalidAMIID.Malformed': { type: 'PreflightFailed', fix: 'fix amiId in cluster.yaml' },
  'InvalidAMIID.Unavailable': { type: 'PreflightFailed', fix: 'fix amiId in cluster.yaml (the AMI is no longer available)' },
  'InvalidVpcID.NotFound': { type: 'PreflightFailed', fix: 'fix vpcId in cluster.yaml' },
  'InvalidSubnetID.NotFound': { type: 'PreflightFailed', fix: 'fix the subnets in cluster.yaml' },
  DisabledException: { type: 'ConfigInvalid', fix: 'enable the KMS key, or fix kmsKeyArn in cluster.yaml' },
  KMSInvalidStateException: { type: 'ConfigInvalid', fix: 'the KMS key is pending deletion or import; fix kmsKeyArn in cluster.yaml' },
  InvalidKeyUsageException: { type: 'ConfigInvalid', fix: 'kmsKeyArn must name a symmetric ENCRYPT_DECRYPT key' },
  InsufficientCapabilitiesException: { type: 'TemplateInvalid', fix: 'the template needs a capability kube-aws does not grant; fix stack-template.json' },
  InvalidChangeSetStatus: { type: 'StackBusy', fix: 'wait until the stack settles and run the command again' },
  InvalidChangeSetStatusException: { type: 'StackBusy', fix: 'wait until the stack settles and run the command again' },
};

interface AwsErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly Code?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
  readonly $retryable?: { readonly throttling?: boolean };
  readonly cause?: unknown;
}

/** Long runs of base64 and PEM blocks could be key material; AWS rarely echoes them, but never pass them on. */
export function cleanAwsMessage(message: string, max = 600): string {
  const cleaned = message
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, '[redacted PEM]')
    .replace(/[A-Za-z0-9+/=]{120,}/g, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

function errorCode(e: AwsErrorLike): string {
  return e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'Error';
}

function networkCode(e: AwsErrorLike): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 4; cur = (cur as AwsErrorLike).cause, depth++) {
    const code = (cur as AwsErrorLike).code;
    if (code !== undefined && NETWORK_CODES.has(code)) return code;
  }
  return undefined;
}

function isAwsError(e: AwsErrorLike): boolean {
  return e.$metadata !== undefined || e.$fault !== undefined;
}

/** A stack-state conflict CloudFormation reports as a plain ValidationError. */
function isBusyValidation(message: string): boolean {
  return /_IN_PROGRESS state|in [A-Z_]+ state and can ?not be (updated|deleted)|is in [A-Z_]+_IN_PROGRESS/.test(message);
}

function retryable(type: RetryableFailureType, text: string, details: object): ApplicationFailure {
  return ApplicationFailure.create({ message: text, type, nonRetryable: false, details: [details] });
}

function permanent(type: FailureType, text: string, details: object): ApplicationFailure {
  return ApplicationFailure.create({ message: text, type, nonRetryable: true, details: [details] });
}

/**
 * The error an activity should throw for `error`, raised while doing `context.action`.
 * Use as `catch (e) { throw toActivityFailure(e, { action: '…' }) }`.
 */
export function toActivityFailure(error: unknown, context: FailureContext): Error {
  if (error instanceof ApplicationFailure || error instanceof CancelledFailure) return error;
  if (error instanceof AwsActivityError) {
    // Typed errors carry only names, statuses and AWS's reasons (StackFailedError's `failures`).
    const failures = 'failures' in error ? { failures: error.failures } : {};
    return permanent(error.failureType, error.message, { errorClass: error.name, action: context.action, ...failures });
  }
  if (typeof error !== 'object' || error === null) {
    return new Error(`${context.action}: ${String(error)}`);
  }
  const e = error as AwsErrorLike;
  if (e.name === 'AbortError') return error as Error; // cancellation: Temporal reports it as such

  const code = errorCode(e);
  const status = e.$metadata?.httpStatusCode;
  const text = cleanAwsMessage(e.message ?? '');
  const details = { awsCode: code, httpStatusCode: status, requestId: e.$metadata?.requestId, action: context.action };
  const where = `${code}${status === undefined ? '' : `, HTTP ${status}`}`;

  const net = networkCode(e);
  if (net !== undefined) {
    return retryable('AwsNetwork', `${context.action}: cannot reach AWS (${net}): ${text} — will retry; check the network and AWS_ENDPOINT_URL`, details);
  }
  const rateLimit = code === 'LimitExceededException' && /rate|throttl|too many requests/i.test(text);
  if (THROTTLING.has(code) || e.$retryable?.throttling === true || status === 429 || rateLimit) {
    return retryable('AwsThrottled', `${context.action}: AWS is throttling requests (${where}) — will retry: ${text}`, details);
  }
  if (TRANSIENT.has(code) || (status !== undefined && status >= 500) || e.$fault === 'server') {
    return retryable('AwsUnavailable', `${context.action}: AWS had a transient failure (${where}) — will retry: ${text}`, details);
  }
  if (CONFLICT.has(code)) {
    return retryable('AwsConflict', `${context.action}: a concurrent request changed the same resource (${where}) — will retry: ${text}`, details);
  }
  if (ACCESS.has(code)) {
    const fix =
      context.fix ??
      'check the AWS credentials kube-aws runs with (AWS_PROFILE, AWS_ACCESS_KEY_ID, the instance role) and that their IAM policy allows this call';
    return permanent('AccessDenied', `${context.action}: AWS denied access (${where}): ${text} — ${fix}`, details);
  }
  const known = USER_FIXES[code];
  if (known !== undefined) {
    return permanent(known.type, `${context.action}: ${text} (${where}) — ${context.fix ?? known.fix}`, details);
  }
  if (code === 'ValidationError' && isBusyValidation(text)) {
    return permanent('StackBusy', `${context.action}: ${text} (${where}) — ${context.fix ?? 'wait until the stack settles and run the command again'}`, details);
  }
  if (code === 'ValidationError' && context.subject === 'template') {
    const fix = context.fix ?? 'fix stack-template.json and run kube-aws up again';
    return permanent('TemplateInvalid', `${context.action}: CloudFormation rejected the template: ${text} — ${fix}`, details);
  }
  if (code === 'LimitExceededException') {
    const fix = context.fix ?? 'delete what you no longer use, or ask AWS to raise the quota (Service Quotas console)';
    return permanent('AwsRequestInvalid', `${context.action}: an AWS quota is exhausted (${where}): ${text} — ${fix}`, details);
  }
  if (isAwsError(e) && (e.$fault === 'client' || (status !== undefined && status >= 400))) {
    const fix = context.fix ?? 'this request cannot succeed as it is; check cluster.yaml and the AWS account';
    return permanent('AwsRequestInvalid', `${context.action}: AWS rejected the request (${where}): ${text} — ${fix}`, details);
  }
  // Not an AWS error (a bug, most likely): let Temporal see it as it is, with its class as the type.
  return error as Error;
}

/** Runs one AWS call (or any step), classifying whatever it throws with {@link toActivityFailure}. */
export async function classified<T>(context: FailureContext, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw toActivityFailure(e, context);
  }
}
