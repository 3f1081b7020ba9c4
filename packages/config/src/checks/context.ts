/**
 * What every check receives: the raw document (already through the schema) and the reporter.
 * `get` hides values that are already wrong, so a check never builds on a reported mistake.
 */
import { DEFAULTS } from '../defaults.js';
import type { IssueReporter } from '../issues.js';
import type { RawClusterYaml } from '../schema.js';

type Defaulted = typeof DEFAULTS;

export class CheckContext {
  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    readonly r: IssueReporter,
  ) {}

  /** True when the key is written in the file (with a non-empty value). */
  has(key: keyof RawClusterYaml): boolean {
    return this.raw[key] !== undefined;
  }

  /** The value written in the file, or undefined when absent or already reported as wrong. */
  get<K extends keyof RawClusterYaml>(key: K): RawClusterYaml[K] | undefined {
    if (this.r.isBad([key])) return undefined;
    return this.raw[key] as RawClusterYaml[K] | undefined;
  }

  /** The value in effect (written or default), or undefined when it is wrong. */
  value<K extends keyof Defaulted & keyof RawClusterYaml>(key: K): NonNullable<RawClusterYaml[K]> | undefined {
    if (this.r.isBad([key])) return undefined;
    return (this.raw[key] ?? DEFAULTS[key]) as NonNullable<RawClusterYaml[K]>;
  }
}
