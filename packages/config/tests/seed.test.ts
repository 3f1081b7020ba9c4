// The seed's edited cluster.yaml (kmsKeyArn made real-shaped) must still validate, with exactly
// the deprecation warning kube-aws printed for it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatIssue, HOSTED_ZONE_DEPRECATION, parseClusterConfig } from '../src/index.js';
import { seedClusterConfig } from '../src/testing.js';

const text = readFileSync(new URL('./fixtures/seed-cluster.yaml', import.meta.url), 'utf8');

describe("the seed's cluster.yaml", () => {
  const result = parseClusterConfig(text);

  it('validates with exactly the hostedZone deprecation warning', () => {
    assert.equal(result.ok, true, result.ok ? '' : result.errors.map((e) => formatIssue(e)).join('\n'));
    assert.deepEqual(result.warnings.map((w) => formatIssue(w)), [
      "cluster.yaml:26:13: warning: hostedZone: the 'hostedZone' parameter is deprecated. Use 'hostedZoneId' instead",
    ]);
    assert.equal(HOSTED_ZONE_DEPRECATION, "the 'hostedZone' parameter is deprecated. Use 'hostedZoneId' instead");
  });

  it('gives the edited values, defaults elsewhere', () => {
    assert.ok(result.ok);
    // The file keeps alpha, t2.micro and 80 GiB volumes; the rest matches seedClusterConfig().
    assert.deepEqual(
      result.config,
      seedClusterConfig({
        releaseChannel: 'alpha',
        controllerInstanceType: 't2.micro',
        workerInstanceType: 't2.micro',
        controllerRootVolume: { sizeGiB: 80, type: 'gp3', iops: 0 },
        workerRootVolume: { sizeGiB: 80, type: 'gp3', iops: 0 },
      }),
    );
  });
});
