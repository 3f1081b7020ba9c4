/**
 * Ignition's `systemd` section written the way Ignition writes it: each unit's contents to
 * /etc/systemd/system/<name>, each drop-in to /etc/systemd/system/<name>.d/<drop-in>, and `enabled`
 * as `enable`/`disable` lines of /etc/systemd/system-preset/20-ignition.preset, which systemd
 * applies on first boot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_FILE } from '../systemd/unit-set.js';

export interface IgnitionSystemdUnit {
  readonly name: string;
  readonly enabled?: boolean;
  readonly mask?: boolean;
  readonly contents?: string;
  readonly dropins?: readonly { readonly name: string; readonly contents?: string }[];
}

export function writeSystemdUnits(root: string, units: readonly IgnitionSystemdUnit[]): void {
  const dir = join(root, '/etc/systemd/system');
  mkdirSync(dir, { recursive: true });
  const preset: string[] = [];
  for (const unit of units) {
    if (unit.contents !== undefined) writeFileSync(join(dir, unit.name), unit.contents);
    for (const d of unit.dropins ?? []) {
      mkdirSync(join(dir, `${unit.name}.d`), { recursive: true });
      writeFileSync(join(dir, `${unit.name}.d`, d.name), d.contents ?? '');
    }
    if (unit.enabled === true) preset.push(`enable ${unit.name}`);
    if (unit.enabled === false) preset.push(`disable ${unit.name}`);
  }
  mkdirSync(join(root, PRESET_FILE, '..'), { recursive: true });
  writeFileSync(join(root, PRESET_FILE), preset.length ? `${preset.join('\n')}\n` : '');
}
