/**
 * The EC2 user data: a tiny Ignition config that replaces itself with the full one from S3.
 *
 * EC2 limits user data to 16 KB (16,384 bytes) of *raw* data, before the base64 encoding the API
 * and CloudFormation's `Fn::Base64` apply; the stub is a few hundred bytes either way.
 */
import { createHash } from 'node:crypto';

import { IgnitionStubError } from '../errors.js';
import type { IgnitionConfig } from './ignition-types.js';
import { IGNITION_VERSION } from './node-ignition.js';

/** EC2's user-data limit, in bytes of raw (pre-base64) data. */
export const EC2_USER_DATA_LIMIT_BYTES = 16 * 1024;

export interface IgnitionStubOptions {
  /** `s3://bucket/key`; the bucket may be a CloudFormation `${AssetsBucket}` placeholder for Fn::Sub. */
  readonly source: string;
  /** Hex SHA-512 of the exact bytes uploaded (with or without a `sha512-` prefix). */
  readonly sha512: string;
}

/** `ignition.config.replace` pointing at the full config, verified by its SHA-512. */
export function buildIgnitionStub(opts: IgnitionStubOptions): IgnitionConfig {
  if (!/^s3:\/\/[^/]+\/.+/.test(opts.source)) throw new IgnitionStubError('source', `"${opts.source}" is not an s3://bucket/key URL`);
  const hex = opts.sha512.replace(/^sha512-/, '').toLowerCase();
  if (!/^[0-9a-f]{128}$/.test(hex)) throw new IgnitionStubError('sha512', 'expected 128 hexadecimal digits');
  return { ignition: { version: IGNITION_VERSION, config: { replace: { source: opts.source, verification: { hash: `sha512-${hex}` } } } } };
}

/** The stub as compact JSON: what goes (through Fn::Sub / Fn::Base64) into the launch template. */
export function serializeIgnitionStub(stub: IgnitionConfig): string {
  return JSON.stringify(stub);
}

/** Raw byte size of the serialised stub, to compare with {@link EC2_USER_DATA_LIMIT_BYTES}. */
export function ignitionStubSize(stub: IgnitionConfig): number {
  return Buffer.byteLength(serializeIgnitionStub(stub), 'utf8');
}

/** Hex SHA-512 of a serialised config, for {@link buildIgnitionStub}. */
export function ignitionSha512(serialized: string | Uint8Array): string {
  return createHash('sha512').update(serialized).digest('hex');
}
