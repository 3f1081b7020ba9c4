import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RENDER_STATE_FILE } from './asset-paths.js';
import { writeFileAtomic } from './atomic-write.js';

/** What render did with one generated file. */
export type FileAction = 'wrote' | 'updated' | 'unchanged' | 'kept';

export interface RenderedFile {
  /** Relative to the asset directory. */
  readonly path: string;
  readonly action: FileAction;
  /** Why, for `kept` and `updated`. */
  readonly note?: string;
}

/** One file render wants to produce. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

type RenderState = Record<string, string>;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readState(dir: string): Promise<RenderState> {
  const text = await readIfExists(join(dir, RENDER_STATE_FILE));
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as RenderState;
  } catch {
    return {}; // A damaged state file only means every existing file counts as edited: safe.
  }
}

/**
 * Decides, for each file, whether to write it: new files are written; a file identical to what
 * render would write is left alone; a file still as render last wrote it is updated; a file that
 * differs from what render last wrote was edited by the user and is kept.
 */
export async function planGeneratedFiles(dir: string, files: readonly GeneratedFile[]): Promise<RenderedFile[]> {
  const state = await readState(dir);
  const plan: RenderedFile[] = [];
  for (const file of files) {
    const existing = await readIfExists(join(dir, file.path));
    if (existing === undefined) plan.push({ path: file.path, action: 'wrote' });
    else if (existing === file.content) plan.push({ path: file.path, action: 'unchanged' });
    else if (state[file.path] === sha256(existing)) plan.push({ path: file.path, action: 'updated', note: 'cluster.yaml changed' });
    else plan.push({ path: file.path, action: 'kept', note: 'edited since the last render; delete it and run render again to regenerate' });
  }
  return plan;
}

/** Writes what {@link planGeneratedFiles} decided and records digests of what render now owns. */
export async function applyGeneratedFiles(dir: string, files: readonly GeneratedFile[], plan: readonly RenderedFile[]): Promise<void> {
  const state = await readState(dir);
  for (const [index, file] of files.entries()) {
    const action = plan[index]?.action;
    if (action === 'wrote' || action === 'updated') await writeFileAtomic(join(dir, file.path), file.content, file.mode);
    if (action !== 'kept') state[file.path] = sha256(file.content);
  }
  await writeFileAtomic(join(dir, RENDER_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, 0o644);
}
