/**
 * Test helpers for the stack template: default builder options, a small assertion vocabulary named
 * after aws-cdk-lib/assertions (`hasResourceProperties`, `resourceCountIs`), and golden-file I/O.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CfnResource, CfnTemplate, StackTemplateOptions } from '../../src/stack/index.js';

/** What a caller passes: Ignition stubs pointing into the assets bucket, and a fixed AMI. */
export function defaultStackOptions(overrides: Partial<StackTemplateOptions> = {}): StackTemplateOptions {
  const stub = (key: string) => ({
    'Fn::Base64': {
      'Fn::Sub': `{"ignition":{"version":"3.4.0","config":{"replace":{"source":"s3://\${AssetsBucket}/${key}"}}}}`,
    },
  });
  return {
    controllerUserData: stub('nodes/controller/config.ign'),
    workerUserData: stub('nodes/worker/config.ign'),
    amiId: 'ami-0123456789abcdef0',
    ...overrides,
  };
}

/** True when `actual` contains `expected`: objects by subset of keys, arrays element by element. */
export function matches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(actual[i], e));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v));
  }
  return Object.is(actual, expected);
}

/** Assertions over one template, in aws-cdk-lib/assertions' words. */
export class Template {
  private constructor(readonly json: CfnTemplate) {}

  static fromJSON(json: CfnTemplate): Template {
    return new Template(json);
  }

  findResources(type: string, props: object = {}): Record<string, CfnResource> {
    return Object.fromEntries(
      Object.entries(this.json.Resources).filter(([, r]) => r.Type === type && matches(r.Properties ?? {}, props)),
    );
  }

  resourceCountIs(type: string, count: number): void {
    const found = Object.keys(this.findResources(type));
    assert.equal(found.length, count, `expected ${count} ${type}, found ${found.length}: ${found.join(', ')}`);
  }

  hasResourceProperties(type: string, props: object): void {
    if (Object.keys(this.findResources(type, props)).length > 0) return;
    const candidates = Object.entries(this.findResources(type)).map(([id, r]) => `${id}: ${JSON.stringify(r.Properties)}`);
    assert.fail(`no ${type} has properties ${JSON.stringify(props)}; candidates:\n${candidates.join('\n')}`);
  }

  /** Like {@link hasResourceProperties} but over the whole resource (Condition, DependsOn, …). */
  hasResource(type: string, resource: object): void {
    const ok = Object.values(this.json.Resources).some((r) => r.Type === type && matches(r, resource));
    assert.ok(ok, `no ${type} matches ${JSON.stringify(resource)}`);
  }

  resource(logicalId: string): CfnResource {
    const r = this.json.Resources[logicalId];
    assert.ok(r, `no resource ${logicalId}`);
    return r;
  }
}

/** Sorts every `Tags` list by key, so goldens compare with tag order ignored. */
export function normaliseTags(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normaliseTags);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      if (k === 'Tags' && Array.isArray(x)) {
        const tags = x.map(normaliseTags) as { Key?: string }[];
        return [k, [...tags].sort((a, b) => String(a.Key).localeCompare(String(b.Key)))];
      }
      return [k, normaliseTags(x)];
    }),
  );
}

const fixturesDir = new URL('./fixtures/', import.meta.url);
export const goldenPath = (name: string): string => fileURLToPath(new URL(`${name}.json`, fixturesDir));

export function readGolden(name: string): CfnTemplate {
  return JSON.parse(readFileSync(goldenPath(name), 'utf8')) as CfnTemplate;
}

/**
 * Compares `actual` with `fixtures/<name>.json`, tag order ignored. `UPDATE_GOLDEN=1` rewrites the
 * file instead; a missing golden fails with the same hint.
 */
export function assertMatchesGolden(name: string, actual: CfnTemplate, update = process.env.UPDATE_GOLDEN === '1'): void {
  const path = goldenPath(name);
  if (update) {
    writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  const hint = `If the change is intended, rerun with UPDATE_GOLDEN=1 to rewrite ${path} and review the diff.`;
  assert.ok(existsSync(path), `golden file ${path} is missing. ${hint}`);
  assert.deepEqual(normaliseTags(actual), normaliseTags(readGolden(name)), `template differs from golden ${name}.json. ${hint}`);
}
