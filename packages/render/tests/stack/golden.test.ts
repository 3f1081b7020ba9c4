/**
 * Golden templates, one per scenario (eksctl's table-driven Entry list). Rewrite them with
 * `UPDATE_GOLDEN=1 node --import tsx --test tests/stack/golden.test.ts` and review the diff.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStackTemplate, checkTemplateReferences } from '../../src/stack/index.js';
import { assertMatchesGolden, defaultStackOptions, readGolden } from './helpers.js';
import { SCENARIOS } from './scenarios.js';

describe('stack template goldens', () => {
  for (const { name, config } of SCENARIOS) {
    it(`${name} matches fixtures/${name}.json`, () => {
      assertMatchesGolden(name, buildStackTemplate(config, defaultStackOptions()));
    });

    it(`${name} golden has no unresolved references`, () => {
      assert.deepEqual(checkTemplateReferences(readGolden(name)), []);
    });
  }

  it('ignores tag order, and a real difference fails with the UPDATE_GOLDEN=1 hint', () => {
    const t = buildStackTemplate(SCENARIOS[0]!.config, defaultStackOptions()) as unknown as {
      Resources: Record<string, { Properties: { Tags: unknown[]; CidrBlock?: string } }>;
    };
    t.Resources.VPC!.Properties.Tags.reverse();
    assertMatchesGolden('seed', t as never, false);
    t.Resources.VPC!.Properties.CidrBlock = '10.9.0.0/16';
    assert.throws(() => assertMatchesGolden('seed', t as never, false), /UPDATE_GOLDEN=1/);
  });
});
