/**
 * {@link createStackActivities}: the CloudFormation activities of the contract, over the AWS
 * clients of each cluster's region and an injected reader of the cluster's asset store.
 * Everything they throw goes through `toActivityFailure`, so failures reach the workflow
 * classified (retryable or not, with a FAILURE_TYPES type).
 */
import type { AwsClients } from '../clients.js';
import type { KubeAwsActivities } from '../contract.js';
import { toActivityFailure } from '../failures.js';
import { deleteStack } from './delete-stack.js';
import { deployStack } from './deploy-stack.js';
import { describeStack } from './describe-stack.js';
import { realPollTiming } from './poll-timing.js';
import type { PollTiming } from './poll-timing.js';
import type { StackActivityContext } from './stack-activity-context.js';
import type { LoadStackInputs } from './stack-inputs.js';
import { validateTemplate } from './validate-template.js';
import { watchStack } from './watch-stack.js';

export type StackActivities = Pick<KubeAwsActivities, 'validateTemplate' | 'deployStack' | 'watchStack' | 'describeStack' | 'deleteStack'>;

export interface StackActivityDeps {
  readonly loadStackInputs: LoadStackInputs;
  /** Clock, sleep and randomness of the polls; real ones unless a test passes fakes. */
  readonly timing?: Partial<PollTiming>;
}

/** Runs an activity body, turning whatever escapes into a classified failure. */
function guarded<I, O>(name: string, ctx: StackActivityContext, body: (ctx: StackActivityContext, input: I) => Promise<O>) {
  return async (input: I): Promise<O> => {
    try {
      return await body(ctx, input);
    } catch (e) {
      throw toActivityFailure(e, { action: name });
    }
  };
}

/** {@link StackActivityDeps} with the clients, for the single-argument form. */
export interface StackActivityDepsWithClients extends StackActivityDeps {
  readonly clientsFor: (region: string) => AwsClients;
}

/**
 * The five CloudFormation activities. `clientsFor(region)` gives the AWS clients of a cluster's
 * region (cache them: `AwsClientsByRegion`); `deps.loadStackInputs` reads its asset store.
 * Also callable as `createStackActivities({ clientsFor, loadStackInputs })`.
 */
export function createStackActivities(clientsFor: (region: string) => AwsClients, deps: StackActivityDeps): StackActivities;
export function createStackActivities(deps: StackActivityDepsWithClients): StackActivities;
export function createStackActivities(
  first: ((region: string) => AwsClients) | StackActivityDepsWithClients,
  second?: StackActivityDeps,
): StackActivities {
  const { clientsFor, deps } = typeof first === 'function' ? { clientsFor: first, deps: second } : { clientsFor: first.clientsFor, deps: first };
  if (deps === undefined) throw new TypeError('createStackActivities(clientsFor, deps): deps (loadStackInputs) is required');
  const ctx: StackActivityContext = {
    clientsFor,
    loadStackInputs: deps.loadStackInputs,
    timing: { ...realPollTiming, ...deps.timing },
  };
  return {
    validateTemplate: guarded('validateTemplate', ctx, validateTemplate),
    deployStack: guarded('deployStack', ctx, deployStack),
    watchStack: guarded('watchStack', ctx, watchStack),
    describeStack: guarded('describeStack', ctx, describeStack),
    deleteStack: guarded('deleteStack', ctx, deleteStack),
  };
}
