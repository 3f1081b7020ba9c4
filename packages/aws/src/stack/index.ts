/**
 * The CloudFormation half of the activities: validate the stack template, deploy a phase through
 * a change set, watch an operation to its end, describe and delete the stack.
 */
export { createStackActivities } from './create-stack-activities.js';
export type { StackActivities, StackActivityDeps, StackActivityDepsWithClients } from './create-stack-activities.js';
export type { LoadStackInputs, StackInputs } from './stack-inputs.js';
export type { PollTiming } from './poll-timing.js';
export { WATCH_BACKOFF_FACTOR, WATCH_INITIAL_DELAY_MS, WATCH_MAX_DELAY_MS } from './poll-timing.js';
export type { WatchHeartbeat } from './watch-stack.js';
export type { DeleteStackOutcome } from './delete-stack.js';
export { changeSetName } from './request-names.js';
export { requiredCapabilities } from './capabilities.js';
