/** The six values `kube-aws init` takes as flags, and their checks (messages name the flags). */
import { IssueReporter } from './issues.js';
import type { ConfigIssue } from './model.js';
import {
  availabilityZoneProblem,
  clusterNameProblem,
  dnsNameProblem,
  keyNameProblem,
  kmsKeyArnProblem,
  kmsKeyRegionProblem,
  regionProblem,
  unknownRegionWarning,
} from './rules.js';

export interface InitOptions {
  readonly clusterName: string;
  readonly externalDNSName: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly keyName: string;
  readonly kmsKeyArn: string;
}

/** The init flag of each option, in the order kube-aws listed them. */
export const INIT_FLAGS: Readonly<Record<keyof InitOptions, string>> = {
  clusterName: '--cluster-name',
  externalDNSName: '--external-dns-name',
  region: '--region',
  availabilityZone: '--availability-zone',
  keyName: '--key-name',
  kmsKeyArn: '--kms-key-arn',
};

const MISSING_HINTS: Readonly<Record<keyof InitOptions, string>> = {
  clusterName: 'a unique name for the cluster, e.g. --cluster-name=kube-cluster',
  externalDNSName: 'the DNS name of the API server, e.g. --external-dns-name=kube.example.com',
  region: 'the AWS region, e.g. --region=us-west-1',
  availabilityZone: 'a zone of that region, e.g. --availability-zone=us-west-1c',
  keyName: 'the name of an EC2 key pair in that region, e.g. --key-name=my-key',
  kmsKeyArn: 'the ARN printed by aws kms create-key, e.g. --kms-key-arn=arn:aws:kms:us-west-1:123456789012:key/<id>',
};

/**
 * Checks the init flags: every one set, and each value well-formed (ARN with a 12-digit account
 * in the same region, zone inside the region, DNS name, usable cluster name). Issues carry the
 * cluster.yaml key as `path` and no position; warnings (unknown region) do not stop init.
 */
export function checkInitOptions(opts: InitOptions): ConfigIssue[] {
  const r = new IssueReporter();
  const value = (key: keyof InitOptions): string | undefined => {
    const v = (opts[key] as string | undefined)?.trim();
    if (v) return v;
    r.error([key], `${INIT_FLAGS[key]} must be set; give ${MISSING_HINTS[key]}`);
    return undefined;
  };
  const check = (key: keyof InitOptions, problem: string | undefined): void => {
    if (problem !== undefined) r.error([key], problem);
  };

  const clusterName = value('clusterName');
  const externalDNSName = value('externalDNSName');
  const region = value('region');
  const availabilityZone = value('availabilityZone');
  const keyName = value('keyName');
  const kmsKeyArn = value('kmsKeyArn');

  if (clusterName) check('clusterName', clusterNameProblem(INIT_FLAGS.clusterName, clusterName));
  if (externalDNSName) check('externalDNSName', dnsNameProblem(INIT_FLAGS.externalDNSName, externalDNSName));
  const regionError = region ? regionProblem(INIT_FLAGS.region, region) : undefined;
  check('region', regionError);
  const goodRegion = region && !regionError ? region : undefined;
  if (goodRegion) {
    const warning = unknownRegionWarning(INIT_FLAGS.region, goodRegion);
    if (warning) r.warning(['region'], warning);
  }
  if (availabilityZone) {
    const problem = availabilityZoneProblem(INIT_FLAGS.availabilityZone, availabilityZone, goodRegion);
    check('availabilityZone', problem?.replace(/ is not in region /, ' is not in --region '));
  }
  if (keyName) check('keyName', keyNameProblem(INIT_FLAGS.keyName, keyName));
  if (kmsKeyArn) {
    const shape = kmsKeyArnProblem(INIT_FLAGS.kmsKeyArn, kmsKeyArn);
    check('kmsKeyArn', shape);
    if (!shape && goodRegion) check('kmsKeyArn', kmsKeyRegionProblem(INIT_FLAGS.kmsKeyArn, kmsKeyArn, goodRegion, '--region'));
  }
  return r.issues;
}
