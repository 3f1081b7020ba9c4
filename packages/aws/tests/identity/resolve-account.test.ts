import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import { runActivity } from '../helpers/activity-env.js';
import { MOTO_ACCOUNT, startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';

describe('resolveAccount (moto STS)', () => {
  let moto: MotoServer;
  before(async () => {
    moto = await startMoto();
  });
  after(() => moto?.stop());

  it('returns the account, the region asked for and the caller ARN', async () => {
    const activities = createNodeAndAssetActivities(resolveDeps());
    const identity = await runActivity(() => activities.resolveAccount({ region: 'eu-central-1' }));
    assert.equal(identity.account, MOTO_ACCOUNT);
    assert.equal(identity.region, 'eu-central-1');
    assert.match(identity.arn, /^arn:aws:(iam|sts)::123456789012:/);
  });
});
