/**
 * How a template reaches CloudFormation: inline as `TemplateBody` up to 51,200 bytes, else as a
 * `TemplateURL` to a copy in S3 (keyed by its digest, so a retry re-uploads nothing new).
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { checkTemplateSize, TEMPLATE_BODY_LIMIT_BYTES, TEMPLATE_URL_LIMIT_BYTES } from '@kube-aws/render';
import { TemplateTooLargeError } from '../errors.js';

export type TemplateSource = { readonly TemplateBody: string } | { readonly TemplateURL: string };

/** Where large templates go in the bucket. */
export const TEMPLATE_KEY_PREFIX = 'kube-aws/templates/';

/**
 * The regional path-style URL: what CloudFormation documents, and the one form moto resolves
 * from its own S3 (it never fetches the URL).
 */
export function templateUrl(region: string, bucket: string, key: string): string {
  return `https://s3.${region}.amazonaws.com/${bucket}/${key}`;
}

export async function templateSource(
  body: string,
  target: { readonly region: string; readonly bucket?: string; readonly s3: Pick<S3Client, 'send'> },
): Promise<TemplateSource> {
  const size = checkTemplateSize(body);
  if (size.fitsInline) return { TemplateBody: body };
  if (!size.fitsS3) throw new TemplateTooLargeError(size.bytes, TEMPLATE_URL_LIMIT_BYTES, true);
  if (target.bucket === undefined) throw new TemplateTooLargeError(size.bytes, TEMPLATE_BODY_LIMIT_BYTES, false);
  const key = `${TEMPLATE_KEY_PREFIX}${createHash('sha256').update(body).digest('hex')}.json`;
  await target.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: body, ContentType: 'application/json' }));
  return { TemplateURL: templateUrl(target.region, target.bucket, key) };
}
