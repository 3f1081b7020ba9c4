/**
 * Names and idempotency tokens derived from the workflow's token, deterministically: a retried or
 * resumed activity computes the same change-set name and request token, so CloudFormation (and
 * our own look-ups) recognise the earlier attempt instead of starting a second operation.
 */
import { createHash } from 'node:crypto';
import type { StackPhase } from '../contract.js';

/** CloudFormation's ChangeSetName, ClientToken and ClientRequestToken: at most 128 characters. */
const MAX_NAME = 128;

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Letters, digits and single hyphens only (what ChangeSetName and ClientRequestToken accept). */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The change set a deploy of `phase` under `token` creates: `kube-aws-<phase>-<token>` when the
 * token is already made of valid characters (the workflows' `kube-aws-<phase>-<runId>` is used as
 * is), else a cleaned, shortened form with a hash of the raw token so two tokens never share it.
 * Also the request's ClientToken/ClientRequestToken, and (for the assets phase) the value of the
 * stack's `kube-aws:create-token` tag.
 */
export function changeSetName(token: string, phase: StackPhase): string {
  const cleaned = slug(token);
  const rest = cleaned.replace(/^kube-aws-/, '').replace(new RegExp(`^${phase}-`), '');
  const readable = rest === '' ? `kube-aws-${phase}` : `kube-aws-${phase}-${rest}`;
  if (cleaned === token && rest !== '' && readable.length <= MAX_NAME) return readable;
  return `${readable.slice(0, MAX_NAME - 17).replace(/-+$/, '')}-${digest(token, 16)}`;
}

/**
 * DeleteStack's ClientRequestToken: tied to the stack and its newest event, so a retry of the
 * same delete reuses it while a new delete after a DELETE_FAILED gets a fresh one (CloudFormation
 * ignores a repeated token, which would make the second attempt a silent no-op).
 */
export function deleteRequestToken(stackId: string, newestEventId: string | undefined): string {
  return `kube-aws-delete-${digest(`${stackId}\n${newestEventId ?? ''}`, 40)}`;
}
