/**
 * TypeScript types for the subset of the Ignition **spec 3.4.0** config that kube-aws writes.
 *
 * Only what the node configs and the stub use is typed; the JSON Schema in
 * {@link ./ignition-schema.ts} covers the whole spec for validation of hand-edited files.
 */

/** `sha512-<hex>` or `sha256-<hex>`, as Ignition's verification expects. */
export type IgnitionHash = `sha512-${string}` | `sha256-${string}`;

export interface IgnitionVerification {
  readonly hash?: IgnitionHash;
}

/** A remote or inline resource: `source` is a data:, https:, s3: … URL. */
export interface IgnitionResource {
  readonly source?: string;
  /** Only `gzip` exists in 3.4.0; the *source* bytes are compressed, the written file is not. */
  readonly compression?: 'gzip';
  readonly verification?: IgnitionVerification;
}

export interface IgnitionConfigReference {
  readonly merge?: readonly IgnitionResource[];
  readonly replace?: IgnitionResource;
}

export interface IgnitionSection {
  readonly version: '3.4.0';
  readonly config?: IgnitionConfigReference;
}

export interface IgnitionNodeUser {
  readonly name?: string;
  readonly id?: number;
}

export interface IgnitionNodeGroup {
  readonly name?: string;
  readonly id?: number;
}

interface IgnitionNode {
  readonly path: string;
  readonly overwrite?: boolean;
  readonly user?: IgnitionNodeUser;
  readonly group?: IgnitionNodeGroup;
}

export interface IgnitionFile extends IgnitionNode {
  readonly contents?: IgnitionResource;
  readonly append?: readonly IgnitionResource[];
  /** Decimal integer of the octal mode (0o600 → 384). */
  readonly mode?: number;
}

export interface IgnitionDirectory extends IgnitionNode {
  readonly mode?: number;
}

export interface IgnitionLink extends IgnitionNode {
  readonly target: string;
  readonly hard?: boolean;
}

export interface IgnitionStorage {
  readonly files?: readonly IgnitionFile[];
  readonly directories?: readonly IgnitionDirectory[];
  readonly links?: readonly IgnitionLink[];
}

export interface IgnitionDropin {
  readonly name: string;
  readonly contents?: string;
}

export interface IgnitionUnit {
  readonly name: string;
  readonly enabled?: boolean;
  readonly mask?: boolean;
  readonly contents?: string;
  readonly dropins?: readonly IgnitionDropin[];
}

export interface IgnitionSystemd {
  readonly units?: readonly IgnitionUnit[];
}

/** A whole Ignition 3.4.0 config as kube-aws writes it. */
export interface IgnitionConfig {
  readonly ignition: IgnitionSection;
  readonly storage?: IgnitionStorage;
  readonly systemd?: IgnitionSystemd;
}

/** Which node a config is for. */
export type NodeRole = 'controller' | 'worker';
