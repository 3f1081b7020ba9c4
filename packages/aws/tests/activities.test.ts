/** The factory: one object with exactly the contract's activities, built without touching AWS. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActivities } from '../src/activities.js';
import type { KubeAwsActivities } from '../src/contract.js';

const CONTRACT: readonly (keyof KubeAwsActivities)[] = [
  'checkClusterCredentials',
  'cleanupKubernetesResources',
  'deleteStack',
  'deployStack',
  'describeNodeInstances',
  'describeStack',
  'initCluster',
  'loadCluster',
  'observeKubernetes',
  'prepareNodeConfigs',
  'preflight',
  'renderAssets',
  'resolveAccount',
  'resolveImage',
  'uploadNodeConfigs',
  'validateAssets',
  'validateTemplate',
  'watchStack',
];

describe('createActivities', () => {
  it('returns every activity of the contract, and nothing else', () => {
    let madeClients = 0;
    const activities: KubeAwsActivities = createActivities({
      clientsFor: () => {
        madeClients += 1;
        throw new Error('not used');
      },
    });
    assert.deepEqual(Object.keys(activities).sort(), [...CONTRACT].sort());
    for (const name of CONTRACT) assert.equal(typeof activities[name], 'function', name);
    assert.equal(madeClients, 0, 'clients are made per region on first use, not up front');
  });
});
