/**
 * Checks of one value on its own. Each returns the full message (naming `subject`, which is a
 * cluster.yaml key or an init flag such as `--kms-key-arn`) or undefined when the value is fine.
 * The patterns are also put in the JSON Schema, so editors flag the same values.
 */
import { DEFAULT_KUBERNETES_VERSION, LIMITS, NEWEST_TESTED_MINOR, OLDEST_SUPPORTED_MINOR } from './defaults.js';
import { isKnownRegion, isWellFormedAvailabilityZone, isWellFormedRegion, isZoneOfRegion } from './regions.js';

/** CloudFormation stack-name charset, kept to one DNS label: at most 63, no trailing hyphen. */
export const CLUSTER_NAME_PATTERN = '^[a-zA-Z](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$';
export const KMS_KEY_ARN_PATTERN = '^arn:aws[-a-z]*:kms:([a-z0-9-]+):([0-9]{12}):(?:key/[-a-zA-Z0-9]+|alias/[-a-zA-Z0-9/_]+)$';
export const AMI_ID_PATTERN = '^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$';
export const VPC_ID_PATTERN = '^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$';
export const ROUTE_TABLE_ID_PATTERN = '^rtb-(?:[0-9a-f]{8}|[0-9a-f]{17})$';
export const HOSTED_ZONE_ID_PATTERN = '^(?:/hostedzone/)?[A-Z0-9]{1,32}$';
export const INSTANCE_TYPE_PATTERN = '^[a-z][a-z0-9-]*\\.[a-z0-9]+$';
export const SPOT_PRICE_PATTERN = '^[0-9]+(?:\\.[0-9]+)?$';
export const KUBERNETES_VERSION_PATTERN = '^v[0-9]+\\.[0-9]+\\.[0-9]+$';
/** A SHA-256 digest as sha256sum prints it (either case is accepted; it is kept lower-case). */
export const SHA256_HEX_PATTERN = '^[0-9a-fA-F]{64}$';

const DNS_LABEL_RE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/i;

export function clusterNameProblem(subject: string, value: string): string | undefined {
  if (new RegExp(CLUSTER_NAME_PATTERN).test(value)) return undefined;
  return `${subject} ${value} cannot be used as a CloudFormation stack name: start with a letter, use only letters, digits and hyphens, end with a letter or digit, and keep it to ${LIMITS.maxClusterNameLength} characters (it also names DNS labels and S3 buckets)`;
}

/** A fully qualified host name: two or more labels, no trailing dot, not an IP address. */
export function isDnsName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  if (labels.length < 2 || !labels.every((l) => DNS_LABEL_RE.test(l))) return false;
  return !/^[0-9]+$/.test(labels[labels.length - 1] ?? '');
}

export function dnsNameProblem(subject: string, value: string, example = 'kube.example.com'): string | undefined {
  if (isDnsName(value)) return undefined;
  return `${subject} ${value} is not a valid DNS name; use a fully qualified host name such as ${example} (letters, digits and hyphens, labels of at most 63 characters, no trailing dot)`;
}

export function regionProblem(subject: string, value: string): string | undefined {
  if (isWellFormedRegion(value)) return undefined;
  return `${subject} ${value} is not an AWS region name; use one such as us-west-1`;
}

/** A warning for a well-formed region missing from {@link KNOWN_REGIONS}. */
export function unknownRegionWarning(subject: string, value: string): string | undefined {
  if (!isWellFormedRegion(value) || isKnownRegion(value)) return undefined;
  return `${subject} ${value} is not a region this kube-aws knows; check the spelling (ignore this if the region is new)`;
}

/** `region` may be undefined when it is itself wrong: then only the zone's shape is checked. */
export function availabilityZoneProblem(subject: string, zone: string, region: string | undefined): string | undefined {
  if (!isWellFormedAvailabilityZone(zone)) {
    return `${subject} ${zone} is not an availability zone name; use a zone such as ${region ?? 'us-west-1'}a`;
  }
  if (region !== undefined && !isZoneOfRegion(zone, region)) {
    return `${subject} ${zone} is not in region ${region}; use a zone of ${region} (aws ec2 describe-availability-zones --region ${region} lists them)`;
  }
  return undefined;
}

export function kmsKeyArnProblem(subject: string, value: string): string | undefined {
  if (new RegExp(KMS_KEY_ARN_PATTERN).test(value)) return undefined;
  const account = value.split(':')[4];
  const detail = account !== undefined && value.startsWith('arn:') && !/^[0-9]{12}$/.test(account) ? ` (its account id ${account} is not 12 digits)` : '';
  return `${subject} ${value} is not a KMS key ARN${detail}; expected arn:aws:kms:<region>:<12-digit account id>:key/<key id> (or alias/<name>), as printed by aws kms create-key`;
}

/** The region inside a well-formed KMS key ARN. */
export function kmsKeyRegion(arn: string): string | undefined {
  return new RegExp(KMS_KEY_ARN_PATTERN).exec(arn)?.[1];
}

export function kmsKeyRegionProblem(subject: string, arn: string, region: string, regionSubject = 'region'): string | undefined {
  const keyRegion = kmsKeyRegion(arn);
  if (keyRegion === undefined || keyRegion === region) return undefined;
  return `${subject} is a key in ${keyRegion} but ${regionSubject} is ${region}; KMS keys are regional and the nodes decrypt in ${region}, so create a key there (aws kms create-key --region ${region}) and use its ARN`;
}

export function keyNameProblem(subject: string, value: string): string | undefined {
  if (value.length <= 255 && /^[\x20-\x7e]+$/.test(value)) return undefined;
  return `${subject} ${value} is not an EC2 key pair name; use the name of a key pair in the cluster's region (at most 255 printable ASCII characters)`;
}

/** Values matched by a schema pattern only; the message says what the value should look like. */
export const PATTERN_HINTS: Readonly<Record<string, { pattern: string; hint: string }>> = {
  amiId: { pattern: AMI_ID_PATTERN, hint: 'is not an AMI id; use ami- followed by 8 or 17 hex digits (e.g. ami-0abcdef1234567890), or remove it to use the newest Flatcar image of releaseChannel' },
  vpcId: { pattern: VPC_ID_PATTERN, hint: 'is not a VPC id; use vpc- followed by 8 or 17 hex digits (e.g. vpc-0abcdef1234567890), or remove it to create a new VPC' },
  routeTableId: { pattern: ROUTE_TABLE_ID_PATTERN, hint: 'is not a route table id; use rtb- followed by 8 or 17 hex digits (e.g. rtb-0abcdef1234567890), or remove it' },
  hostedZoneId: { pattern: HOSTED_ZONE_ID_PATTERN, hint: 'is not a Route53 hosted zone id; use the zone\'s Id such as Z0123456789ABCDEFGHIJ (aws route53 list-hosted-zones-by-name prints it)' },
  controllerInstanceType: { pattern: INSTANCE_TYPE_PATTERN, hint: 'is not an EC2 instance type; use one such as t3.medium' },
  workerInstanceType: { pattern: INSTANCE_TYPE_PATTERN, hint: 'is not an EC2 instance type; use one such as t3.medium' },
  kubernetesSysextSha256: {
    pattern: SHA256_HEX_PATTERN,
    hint: "is not a SHA-256 digest; use the 64 hex digits the Flatcar sysext bakery's SHA256SUMS lists for kubernetes-<kubernetesVersion>-<x86-64|arm64>.raw, or remove it",
  },
};

export function patternProblem(key: string, value: string): string | undefined {
  const rule = PATTERN_HINTS[key];
  if (rule === undefined || new RegExp(rule.pattern).test(value)) return undefined;
  return `${key} ${value} ${rule.hint}`;
}

export function spotPriceProblem(subject: string, value: string): string | undefined {
  if (new RegExp(SPOT_PRICE_PATTERN).test(value) && Number(value) > 0) return undefined;
  return `${subject} ${value} is not a price; use a positive number of dollars per hour as a quoted string (e.g. "0.05"), or remove it for on-demand instances`;
}

/** Kubernetes version: an error for legacy/unsupported values, a warning for untested newer ones. */
export function kubernetesVersionIssue(subject: string, value: string): { severity: 'error' | 'warning'; message: string } | undefined {
  if (value.includes('_coreos') || /^v?[0-9]+\.[0-9]+\.[0-9]+[_+]/.test(value)) {
    return { severity: 'error', message: `${subject} ${value} is a CoreOS hyperkube tag, and hyperkube images no longer exist; use an upstream Kubernetes release such as ${DEFAULT_KUBERNETES_VERSION}` };
  }
  const m = new RegExp(KUBERNETES_VERSION_PATTERN).exec(value) ? /^v([0-9]+)\.([0-9]+)\./.exec(value) : null;
  if (m === null) {
    return { severity: 'error', message: `${subject} ${value} is not a Kubernetes release; use the form vX.Y.Z, e.g. ${DEFAULT_KUBERNETES_VERSION}` };
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major < 1 || (major === 1 && minor < OLDEST_SUPPORTED_MINOR)) {
    return { severity: 'error', message: `${subject} ${value} is no longer supported; use v1.${OLDEST_SUPPORTED_MINOR}.0 or newer, e.g. ${DEFAULT_KUBERNETES_VERSION}` };
  }
  if (major > 1 || minor > NEWEST_TESTED_MINOR) {
    return { severity: 'warning', message: `${subject} ${value} is newer than this kube-aws was tested with (v1.${NEWEST_TESTED_MINOR}); it may work, but ${DEFAULT_KUBERNETES_VERSION} is the tested release` };
  }
  return undefined;
}
