/**
 * What every stack activity is built over: the AWS clients of a region, the asset-store reader,
 * and the poll timing (real time in the worker, a fake clock in unit tests).
 */
import type { AwsClients } from '../clients.js';
import type { PollTiming } from './poll-timing.js';
import type { LoadStackInputs } from './stack-inputs.js';

export interface StackActivityContext {
  readonly clientsFor: (region: string) => AwsClients;
  readonly loadStackInputs: LoadStackInputs;
  readonly timing: PollTiming;
}
