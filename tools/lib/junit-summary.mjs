// Adds up the JUnit reports the projects' test runs wrote, so `npm test` ends with one line
// for the whole repository: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function summarizeJunit(dir) {
  const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
  if (!existsSync(dir)) return totals;
  const reports = readdirSync(dir, { recursive: true }).filter((n) => String(n).endsWith('.xml'));
  for (const name of reports) {
    totals.files++;
    const xml = readFileSync(join(dir, String(name)), 'utf8');
    // Each <testcase> is one test; a failure or skip is a child element of it.
    for (const match of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const body = match[2] ?? '';
      if (/<failure\b/.test(body) || /<error\b/.test(body)) totals.failed++;
      else if (/<skipped\b/.test(body)) totals.skipped++;
      else totals.passed++;
    }
  }
  return totals;
}
