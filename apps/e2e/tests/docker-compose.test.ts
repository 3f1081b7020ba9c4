/** docker-compose.yml, for people with Docker: it parses and wires the services the README names. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from './helpers/harness.js';

interface Service {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly environment?: Record<string, string>;
  readonly command?: string[] | string;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };

test('names Temporal with Postgres, the UI, the AWS emulator and the worker', () => {
  const names = Object.keys(compose.services);
  for (const expected of ['postgresql', 'temporal', 'temporal-ui', 'moto', 'aws', 'worker']) assert.ok(names.includes(expected), `service ${expected}`);
  assert.match(compose.services['temporal']?.image ?? '', /^temporalio\/auto-setup:/);
  assert.equal(compose.services['temporal']?.environment?.['DB'], 'postgres12');
  assert.match(compose.services['temporal-ui']?.image ?? '', /^temporalio\/ui:/);
});

test('every build names a Dockerfile and files that exist', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    if (!service.build) continue;
    const dockerfile = join(repoRoot, service.build.context, service.build.dockerfile);
    assert.ok(existsSync(dockerfile), `${name}: ${dockerfile}`);
    for (const line of readFileSync(dockerfile, 'utf8').split('\n')) {
      const copy = line.match(/^COPY\s+(.+)\s+\S+$/);
      if (!copy) continue;
      for (const src of (copy[1] ?? '').split(/\s+/)) assert.ok(existsSync(join(repoRoot, src)), `${name}: COPY ${src}`);
    }
  }
});

test('the worker reaches Temporal and AWS only through the standard variables', () => {
  const env = compose.services['worker']?.environment ?? {};
  assert.equal(env['TEMPORAL_ADDRESS'], 'temporal:7233');
  assert.equal(env['AWS_ENDPOINT_URL'], 'http://aws:4566');
  for (const [name, service] of Object.entries(compose.services)) {
    const cmd = ([] as string[]).concat(service.command ?? []);
    const script = cmd.find((c) => c.endsWith('.ts'));
    if (script) assert.ok(existsSync(join(repoRoot, script)), `${name}: ${script}`);
  }
});
