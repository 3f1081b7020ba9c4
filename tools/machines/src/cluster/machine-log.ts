import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** A log of the machines' progress lines (they run inside the sandbox's own process). */
export function machineLog(file: string): (line: string) => void {
  mkdirSync(dirname(file), { recursive: true });
  return (line) => appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
}
