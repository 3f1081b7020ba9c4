/** resolveImage against moto seeded with Flatcar's AMIs (owner 075585003325), as the sandbox does. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedClusterConfig } from '@kube-aws/config/testing';
import type { AwsClients } from '../../src/clients.js';
import { createNodeAndAssetActivities, resolveDeps } from '../../src/activities.js';
import { resolveImage } from '../../src/images/flatcar-images.js';
import { rejectsWithFailure, runActivity } from '../helpers/activity-env.js';
import { fileUri, makeTempDir, removeDir, writeClusterYaml } from '../helpers/cluster-dir.js';
import { startMoto } from '../helpers/moto-server.js';
import type { MotoServer } from '../helpers/moto-server.js';

describe('resolveImage (moto with Flatcar AMIs)', () => {
  let moto: MotoServer;
  let ec2: AwsClients['ec2'];

  before(async () => {
    moto = await startMoto();
    ec2 = moto.clients().ec2;
  });
  after(() => moto?.stop());

  it('picks the newest image of the channel from Flatcar\'s account only', async () => {
    assert.deepEqual(await resolveImage(ec2, seedClusterConfig({ releaseChannel: 'stable' })), {
      imageId: 'ami-0f1a7ca4459021000',
      name: 'Flatcar-stable-4459.2.1-hvm',
    });
    assert.equal((await resolveImage(ec2, seedClusterConfig({ releaseChannel: 'beta' }))).name, 'Flatcar-beta-4487.1.0-hvm');
  });

  it('honours the architecture', async () => {
    assert.equal((await resolveImage(ec2, seedClusterConfig({ architecture: 'arm64' }))).name, 'Flatcar-stable-4459.2.1-arm64-hvm');
  });

  it('lets amiId in cluster.yaml win, once it is found in the region', async () => {
    assert.deepEqual(await resolveImage(ec2, seedClusterConfig({ amiId: 'ami-0f1a7ca4230024000' })), {
      imageId: 'ami-0f1a7ca4230024000',
      name: 'Flatcar-stable-4230.2.4-hvm',
    });
    const failure = await rejectsWithFailure(resolveImage(ec2, seedClusterConfig({ amiId: 'ami-00000000000000001' })), 'ConfigInvalid');
    assert.match(failure.message, /amiId ami-00000000000000001/);
  });

  it('fails with PreflightFailed when the channel has no image', async () => {
    const failure = await rejectsWithFailure(resolveImage(ec2, seedClusterConfig({ releaseChannel: 'lts' })), 'PreflightFailed');
    assert.match(failure.message, /no Flatcar lts image for x86_64/);
  });

  it('the owner is injectable (moto\'s RegisterImage records no architecture, so tests seed images instead)', async () => {
    assert.equal((await resolveImage(ec2, seedClusterConfig(), '999999999999')).name, 'Flatcar-stable-4999.0.0-hvm');
  });

  it('works as an activity over a cluster directory', async () => {
    const dir = await makeTempDir();
    try {
      await writeClusterYaml(dir, { kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f', extra: ['releaseChannel: beta'] });
      const activities = createNodeAndAssetActivities(resolveDeps());
      assert.equal((await runActivity(() => activities.resolveImage({ assetsUri: fileUri(dir) }))).imageId, 'ami-0f1a7ca4487010000');
    } finally {
      await removeDir(dir);
    }
  });
});
