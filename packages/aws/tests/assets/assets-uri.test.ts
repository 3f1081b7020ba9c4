import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { parseAssetsUri } from '../../src/assets/assets-uri.js';

describe('parseAssetsUri', () => {
  it('reads a directory URI', () => {
    assert.deepEqual(parseAssetsUri('file:///home/isaack/k8s'), { kind: 'file', dir: '/home/isaack/k8s' });
    assert.deepEqual(parseAssetsUri('file:///tmp/with%20space'), { kind: 'file', dir: '/tmp/with space' });
  });

  it('reads a bucket with and without a prefix, normalising slashes', () => {
    assert.deepEqual(parseAssetsUri('s3://my-assets'), { kind: 's3', bucket: 'my-assets', prefix: '' });
    assert.deepEqual(parseAssetsUri('s3://my-assets/'), { kind: 's3', bucket: 'my-assets', prefix: '' });
    assert.deepEqual(parseAssetsUri('s3://my-assets/clusters/kube-cluster'), { kind: 's3', bucket: 'my-assets', prefix: 'clusters/kube-cluster/' });
    assert.deepEqual(parseAssetsUri('s3://my-assets/clusters/kube-cluster/'), { kind: 's3', bucket: 'my-assets', prefix: 'clusters/kube-cluster/' });
  });

  for (const bad of ['/abs/dir', 'file:relative', 'https://example.com/x', 's3://UPPER/x', 's3://b/../escape', 'k8s']) {
    it(`rejects ${bad} as a non-retryable AssetsMissing`, () => {
      assert.throws(
        () => parseAssetsUri(bad),
        (e: unknown) => e instanceof ApplicationFailure && e.type === 'AssetsMissing' && e.nonRetryable && e.message.includes(bad),
      );
    });
  }
});
