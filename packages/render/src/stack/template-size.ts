/**
 * Serialising the template for CloudFormation and checking it against the API's size limits.
 */
import type { CfnTemplate } from './template-builder.js';

/** CreateStack/UpdateStack/ValidateTemplate `TemplateBody` limit. */
export const TEMPLATE_BODY_LIMIT_BYTES = 51_200;
/** `TemplateURL` (an S3 object) limit: "1 MB", read conservatively as 10^6 bytes. */
export const TEMPLATE_URL_LIMIT_BYTES = 1_000_000;

export interface TemplateSize {
  readonly bytes: number;
  /** Small enough to pass as `TemplateBody`. */
  readonly fitsInline: boolean;
  /** Small enough to pass as `TemplateURL` after an upload to S3. */
  readonly fitsS3: boolean;
}

/** Size in UTF-8 bytes (the limit counts bytes, not characters). */
export function checkTemplateSize(body: string): TemplateSize {
  const bytes = new TextEncoder().encode(body).length;
  return { bytes, fitsInline: bytes <= TEMPLATE_BODY_LIMIT_BYTES, fitsS3: bytes <= TEMPLATE_URL_LIMIT_BYTES };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

/**
 * Compact JSON with object keys sorted at every level, so equal templates give equal bytes
 * whatever order their keys were built in (stable change-set diffs and content hashes).
 */
export function minifyTemplate(template: CfnTemplate): string {
  return JSON.stringify(sortKeys(template));
}
