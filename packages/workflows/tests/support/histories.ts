/**
 * Recording workflow histories as replay fixtures. Tests call {@link recordHistory} after a
 * workflow ends; it writes only when KUBE_AWS_RECORD_HISTORIES=1 (`npm run record-histories`),
 * into a directory per package version, so histories of older versions stay and keep being replayed.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';

// A CommonJS module whose namespace Node cannot list statically: take it as the default export.
const { History } = proto.temporal.api.history.v1;

export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

/**
 * A fixture file: the history as base64 protobuf, not proto-JSON. Why: in this dependency tree
 * `@temporalio/common` and `@temporalio/proto` each carry their own copy of protobufjs, and the
 * SDK's `historyToJSON`/`historyFromJSON` fail across the two ("type must be a Type"); the binary
 * encoding uses one copy only. `temporal workflow show -w <id> --output json` shows a fixture's
 * run readably while it is still on a server.
 */
interface FixtureFile {
  readonly name: string;
  readonly workflowId: string;
  readonly workflowType: string;
  readonly historyBase64: string;
}

export interface HistoryFixture {
  readonly name: string;
  readonly workflowId: string;
  readonly workflowType: string;
  readonly history: temporal.api.history.v1.IHistory;
}

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.KUBE_AWS_RECORD_HISTORIES !== '1') return;
  const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  const description = await handle.describe();
  const history = History.encode(await handle.fetchHistory()).finish();
  const fixture: FixtureFile = { name, workflowId: handle.workflowId, workflowType: description.type, historyBase64: Buffer.from(history).toString('base64') };
  const dir = join(HISTORIES_DIR, version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
}

/** Every recorded fixture, of every version, as `<version>/<name>`. */
export function loadHistories(): HistoryFixture[] {
  const fixtures: HistoryFixture[] = [];
  let versions: string[] = [];
  try {
    versions = readdirSync(HISTORIES_DIR).filter((v) => statSync(join(HISTORIES_DIR, v)).isDirectory()).sort();
  } catch {
    return fixtures;
  }
  for (const version of versions) {
    for (const file of readdirSync(join(HISTORIES_DIR, version)).filter((f) => f.endsWith('.json')).sort()) {
      const fixture = JSON.parse(readFileSync(join(HISTORIES_DIR, version, file), 'utf8')) as FixtureFile;
      fixtures.push({
        name: `${version}/${fixture.name}`,
        workflowId: fixture.workflowId,
        workflowType: fixture.workflowType,
        history: History.decode(Buffer.from(fixture.historyBase64, 'base64')),
      });
    }
  }
  return fixtures;
}
