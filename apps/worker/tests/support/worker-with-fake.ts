/**
 * The worker process as `main` runs it, with one change: fake activities instead of AWS.
 * Started by worker.test.ts as a child process so SIGTERM reaches a real process.
 */
import { FakeKubeAws } from '@kube-aws/workflows/testing';
import { main } from '../../src/main.js';

const fake = new FakeKubeAws({
  clusterName: process.env['FAKE_CLUSTER_NAME'] ?? 'kube-cluster',
  existingStack: { status: 'CREATE_COMPLETE', phase: 'nodes', outputs: { ControllerIP: '203.0.113.5' } },
});
await main({ activities: fake.activities });
