import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssetProblem } from './asset-problem.js';

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/** Reads and parses a JSON asset; a missing file or a syntax error becomes a problem naming the place. */
export async function readJsonAsset(dir: string, path: string): Promise<{ value?: unknown; text?: string; problem?: AssetProblem }> {
  let text: string;
  try {
    text = await readFile(join(dir, path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { problem: { file: path, message: 'file is missing; run `kube-aws render` to create it' } };
    }
    throw error;
  }
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch (error) {
    const message = (error as Error).message;
    // Node 20 says "at position N", Node 22+ "(line L column C)".
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const offset = /position (\d+)/.exec(message);
    const where = lineCol ? { line: Number(lineCol[1]), col: Number(lineCol[2]) } : offset ? position(text, Number(offset[1])) : undefined;
    return { problem: { file: path, ...(where ? { line: where.line, col: where.col } : {}), message: `not valid JSON: ${message}` } };
  }
}
