import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDevServer, temporalCliPath } from '../src/testing/index.js';

describe('startDevServer', () => {
  it('fails, saying how to install it, when the Temporal CLI is missing (it never downloads one)', async () => {
    const saved = process.env['KUBE_AWS_TEMPORAL_CLI'];
    process.env['KUBE_AWS_TEMPORAL_CLI'] = '/nonexistent/kube-aws/temporal';
    try {
      assert.equal(temporalCliPath(), '/nonexistent/kube-aws/temporal');
      await assert.rejects(startDevServer(), /not installed at \/nonexistent\/kube-aws\/temporal\. Install it with: node tools\/sandbox\/install\.mjs/);
    } finally {
      if (saved === undefined) delete process.env['KUBE_AWS_TEMPORAL_CLI'];
      else process.env['KUBE_AWS_TEMPORAL_CLI'] = saved;
    }
  });
});
