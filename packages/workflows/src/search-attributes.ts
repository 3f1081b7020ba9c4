/**
 * Typed keys of the custom search attributes in {@link SEARCH_ATTRIBUTES} (all Keyword). The
 * workflows upsert them; clients read them from `describe()`; the dev server and the sandbox
 * register them from this list. `@temporalio/common` is sandbox-safe, so workflow code imports it too.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from './contract.js';

export const CLUSTER_NAME_KEY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.ClusterName, SearchAttributeType.KEYWORD);
export const REGION_KEY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.Region, SearchAttributeType.KEYWORD);
export const ACCOUNT_KEY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.Account, SearchAttributeType.KEYWORD);
export const STEP_KEY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.Step, SearchAttributeType.KEYWORD);

/** Every kube-aws search attribute key, for registering them with a namespace. */
export const SEARCH_ATTRIBUTE_KEYS = [CLUSTER_NAME_KEY, REGION_KEY, ACCOUNT_KEY, STEP_KEY] as const;
