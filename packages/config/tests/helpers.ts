/** Shared builders for the config tests. */
import { stringify } from 'yaml';
import { formatIssue, parseClusterConfig, type ClusterConfig, type InitOptions, type ParseResult } from '../src/index.js';

export const ARN = 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f';

/** The smallest valid cluster.yaml, as an object. */
export const BASE: Readonly<Record<string, unknown>> = {
  externalDNSName: 'kube.example.com',
  keyName: 'my-key',
  region: 'us-west-1',
  availabilityZone: 'us-west-1c',
  kmsKeyArn: ARN,
};

export const INIT: InitOptions = {
  clusterName: 'kube-cluster',
  externalDNSName: 'kube.isaack.io',
  region: 'us-west-1',
  availabilityZone: 'us-west-1c',
  keyName: 'isaack-k8s',
  kmsKeyArn: ARN,
};

/** BASE with overrides; an `undefined` override removes the key. */
export function yamlOf(overrides: Record<string, unknown> = {}): string {
  const doc: Record<string, unknown> = { ...BASE, ...overrides };
  for (const [k, v] of Object.entries(doc)) if (v === undefined) delete doc[k];
  return stringify(doc);
}

export function parse(overrides: Record<string, unknown> = {}): ParseResult {
  return parseClusterConfig(yamlOf(overrides));
}

/** The config, failing the test with the formatted errors when there are any. */
export function configOf(overrides: Record<string, unknown> = {}): ClusterConfig {
  const result = parse(overrides);
  if (!result.ok) throw new Error(`expected a valid config, got:\n${result.errors.map((e) => formatIssue(e)).join('\n')}`);
  return result.config;
}

/** Error messages (without location) for the document. */
export function errorsOf(overrides: Record<string, unknown> = {}): string[] {
  const result = parse(overrides);
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

export function warningsOf(overrides: Record<string, unknown> = {}): string[] {
  return parse(overrides).warnings.map((e) => `${e.path}: ${e.message}`);
}
