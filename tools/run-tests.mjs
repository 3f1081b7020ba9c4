#!/usr/bin/env node
// Runs one project's tests with Node's own test runner (through tsx, so tests are TypeScript).
// Why a script: Node 20 has no glob support in `node --test`, and we want a JUnit report per
// project so `npm test` can print one total line for the whole repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const projectDir = process.cwd();
const testsDir = join(projectDir, 'tests');

function findTests(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) found = found.concat(findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const files = findTests(testsDir);
const project = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).name;
if (files.length === 0) {
  console.error(`${project}: no test files under ${relative(repoRoot, testsDir)}/ — every project has tests.`);
  process.exit(1);
}

// Named like Nx's {projectName} so the file is a cached output of the test target.
const report = join(repoRoot, 'test-results', `${project}.xml`);
mkdirSync(dirname(report), { recursive: true });
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=junit', `--test-reporter-destination=${report}`,
    ...(process.env.TEST_CONCURRENCY ? [`--test-concurrency=${process.env.TEST_CONCURRENCY}`] : []),
    ...files.map((f) => relative(projectDir, f)),
  ],
  { stdio: 'inherit', cwd: projectDir },
);
process.exit(result.status ?? 1);
