// Table-driven: each tests/fixtures/invalid/NN-name.yaml must give exactly the lines of its
// NN-name.expected.txt (errors only; warnings are not listed). The CLI tests reuse these files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatIssue, parseClusterConfig } from '../src/index.js';

const dir = fileURLToPath(new URL('./fixtures/invalid/', import.meta.url));
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('invalid cluster.yaml fixtures', () => {
  it('has at least 24 fixtures, each with an expected file', () => {
    assert.ok(fixtures.length >= 24, `only ${fixtures.length} fixtures`);
    for (const f of fixtures) {
      assert.ok(readdirSync(dir).includes(f.replace(/\.yaml$/, '.expected.txt')), `${f} has no .expected.txt`);
    }
  });

  for (const f of fixtures) {
    it(f, () => {
      const expected = readFileSync(join(dir, f.replace(/\.yaml$/, '.expected.txt')), 'utf8').trimEnd().split('\n');
      const result = parseClusterConfig(readFileSync(join(dir, f), 'utf8'));
      assert.equal(result.ok, false, `${f} validated`);
      if (result.ok) return;
      assert.deepEqual(result.errors.map((e) => formatIssue(e)), expected);
    });
  }
});
