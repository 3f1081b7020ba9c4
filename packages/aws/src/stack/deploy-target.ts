/**
 * What a deploy of a phase should leave on the stack: its parameters and its tags.
 */
import type { Parameter, Tag } from '@aws-sdk/client-cloudformation';
import { CONFIG_DIGEST_PARAMETERS, IMAGE_ID_PARAMETER, KMS_KEY_ARN_PARAMETER, KMS_KEY_ARN_PARAMETER_PATTERN, PHASE_PARAMETER } from '@kube-aws/render';
import { STACK_OWNER_TAG, STACK_TOKEN_TAG } from '../contract.js';
import type { DeployStackInput } from '../contract.js';
import { InvalidActivityInputError } from '../errors.js';

/** The digest parameters' value before the nodes phase (the template's AllowedPattern admits it). */
export const PENDING_DIGEST = 'pending';

const SHA512_HEX = /^[0-9a-f]{128}$/;

/**
 * Parameter values for `input.phase`; the nodes phase needs the uploaded configs' digests.
 * `KmsKeyArn` is set when `input.kmsKeyArn` is (a template rendered before it existed lacks it).
 */
export function targetParameters(input: Pick<DeployStackInput, 'phase' | 'imageId' | 'digests' | 'kmsKeyArn'>): Record<string, string> {
  let controller = PENDING_DIGEST;
  let worker = PENDING_DIGEST;
  if (input.phase === 'nodes') {
    const d = input.digests;
    if (d === undefined) throw new InvalidActivityInputError('deployStack', 'the nodes phase needs the node config digests');
    if (!SHA512_HEX.test(d.controller.sha512) || !SHA512_HEX.test(d.worker.sha512)) {
      throw new InvalidActivityInputError('deployStack', 'node config digests must be SHA-512 in lower-case hex');
    }
    controller = d.controller.sha512;
    worker = d.worker.sha512;
  }
  if (input.kmsKeyArn !== undefined && !new RegExp(KMS_KEY_ARN_PARAMETER_PATTERN).test(input.kmsKeyArn)) {
    throw new InvalidActivityInputError('deployStack', `kmsKeyArn must be a resolved KMS key ARN (…:key/<id>), not ${input.kmsKeyArn}`);
  }
  return {
    [PHASE_PARAMETER]: input.phase,
    [IMAGE_ID_PARAMETER]: input.imageId,
    [CONFIG_DIGEST_PARAMETERS.controller]: controller,
    [CONFIG_DIGEST_PARAMETERS.worker]: worker,
    ...(input.kmsKeyArn === undefined ? {} : { [KMS_KEY_ARN_PARAMETER]: input.kmsKeyArn }),
  };
}

/** The parameter names a template declares. */
export function declaredParameters(templateBody: string): Set<string> {
  const template = JSON.parse(templateBody) as { Parameters?: Record<string, unknown> };
  return new Set(Object.keys(template.Parameters ?? {}));
}

export function toParameterList(values: Readonly<Record<string, string>>): Parameter[] {
  return Object.keys(values)
    .sort()
    .map((ParameterKey) => ({ ParameterKey, ParameterValue: values[ParameterKey] }));
}

/** Every key of `target` has the same value in `current`. */
export function sameValues(current: Readonly<Record<string, string>>, target: Readonly<Record<string, string>>): boolean {
  return Object.keys(target).every((k) => current[k] === target[k]);
}

/** Same keys and values, in any order. */
export function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  return Object.keys(a).length === Object.keys(b).length && sameValues(a, b);
}

/**
 * Stack tags: the user's `stackTags`, then kube-aws's owner tag (this cluster) and the token of
 * the create that made the stack (kept unchanged by later updates).
 */
export function stackTagRecord(userTags: readonly { readonly Key: string; readonly Value: string }[], clusterName: string, createToken: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of userTags) tags[t.Key] = t.Value;
  return { ...tags, [STACK_OWNER_TAG]: clusterName, [STACK_TOKEN_TAG]: createToken };
}

export function toTagList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] }));
}
