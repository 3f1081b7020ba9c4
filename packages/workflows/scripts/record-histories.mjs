#!/usr/bin/env node
// Re-records the replay fixtures: runs the workflow tests (not the replay test) with
// KUBE_AWS_RECORD_HISTORIES=1, which makes them save each workflow's history under
// tests/fixtures/histories/<package version>/. Fixtures of older versions are kept: they are what
// proves a changed workflow still replays the runs the previous version started.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tests = readdirSync(join(projectDir, 'tests'))
  .filter((f) => f.endsWith('.test.ts') && f !== 'replay.test.ts')
  .map((f) => join('tests', f));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...tests], {
  cwd: projectDir,
  stdio: 'inherit',
  env: { ...process.env, KUBE_AWS_RECORD_HISTORIES: '1' },
});
process.exit(result.status ?? 1);
