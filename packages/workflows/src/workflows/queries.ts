/** The query every kube-aws workflow answers. */
import { defineQuery } from '@temporalio/workflow';
import type { Progress } from '../contract.js';
import { PROGRESS_QUERY } from '../contract.js';

export const progressQuery = defineQuery<Progress>(PROGRESS_QUERY);
