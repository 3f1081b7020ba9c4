/**
 * The units a node boots with, read the way systemd reads them on first boot: unit files under
 * /etc/systemd/system (Ignition writes them there) and /usr/lib/systemd/system (what the image
 * ships), drop-ins under `<unit>.d/`, and Ignition's preset file, whose `enable` lines systemd
 * applies on first boot by following each unit's `[Install] WantedBy=/RequiredBy=`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseUnit, unitNames } from './unit-file.js';
import type { UnitFile } from './unit-file.js';

/** Where units are looked for, first match wins: the admin's (Ignition's), then the image's. */
export const DEFAULT_UNIT_DIRS: readonly string[] = ['/etc/systemd/system', '/usr/lib/systemd/system'];
export const PRESET_FILE = '/etc/systemd/system-preset/20-ignition.preset';

/** Targets and units systemd itself provides; they start nothing of their own. */
const BUILT_IN_TARGETS = ['multi-user.target', 'basic.target', 'network-online.target', 'network.target', 'timers.target', 'sysinit.target'];

export interface UnitSet {
  readonly units: ReadonlyMap<string, UnitFile>;
  /** Reverse dependencies from enabled units' [Install] sections: target → units it wants/requires. */
  readonly wants: ReadonlyMap<string, readonly string[]>;
  readonly requires: ReadonlyMap<string, readonly string[]>;
}

function readIf(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function dropins(root: string, dirs: readonly string[], name: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of dirs) {
    const d = join(root, dir, `${name}.d`);
    if (!existsSync(d) || !statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d)) if (f.endsWith('.conf')) out.push({ name: f, text: readFileSync(join(d, f), 'utf8') });
  }
  return out;
}

/** Units enabled by the preset file (`enable NAME`), as Ignition's `enabled: true` writes them. */
export function enabledByPreset(root: string): string[] {
  const text = readIf(join(root, PRESET_FILE)) ?? '';
  return text
    .split('\n')
    .map((l) => /^enable\s+(\S+)/.exec(l.trim())?.[1])
    .filter((n): n is string => n !== undefined);
}

export function loadUnitSet(root: string, dirs: readonly string[] = DEFAULT_UNIT_DIRS): UnitSet {
  const names = new Set<string>(BUILT_IN_TARGETS);
  for (const dir of dirs) {
    const d = join(root, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) if (/\.(service|target|timer)$/.test(f) && statSync(join(d, f)).isFile()) names.add(f);
    // Drop-ins for units the image ships but this root does not define still name the unit.
    for (const f of readdirSync(d)) if (f.endsWith('.d')) names.add(f.slice(0, -2));
  }
  const units = new Map<string, UnitFile>();
  for (const name of names) {
    // The first directory wins (an /etc unit overrides the image's), as in systemd's search path.
    const text = dirs.map((dir) => readIf(join(root, dir, name))).find((t) => t !== undefined) ?? '';
    units.set(name, parseUnit(name, text, dropins(root, dirs, name)));
  }
  // systemd's own target graph, as far as a node's boot needs it.
  const wants = new Map<string, string[]>([
    ['multi-user.target', ['basic.target']],
    ['basic.target', ['sysinit.target', 'timers.target']],
  ]);
  const requires = new Map<string, string[]>();
  for (const name of enabledByPreset(root)) {
    const unit = units.get(name);
    if (!unit) continue;
    for (const target of unitNames(unit, 'Install', 'WantedBy')) wants.set(target, [...(wants.get(target) ?? []), name]);
    for (const target of unitNames(unit, 'Install', 'RequiredBy')) requires.set(target, [...(requires.get(target) ?? []), name]);
  }
  return { units, wants, requires };
}

/** What `name` requires (its own Requires= and enabled units' RequiredBy=). */
export function requiresOf(set: UnitSet, name: string): string[] {
  const unit = set.units.get(name);
  return [...(unit ? unitNames(unit, 'Unit', 'Requires') : []), ...(set.requires.get(name) ?? [])];
}

/**
 * What `name` wants (its own Wants= and enabled units' WantedBy=). Upholds= pulls its units in the
 * same way at boot (and restarts them whenever they stop, which manager.ts does).
 */
export function wantsOf(set: UnitSet, name: string): string[] {
  const unit = set.units.get(name);
  return [...(unit ? [...unitNames(unit, 'Unit', 'Wants'), ...unitNames(unit, 'Unit', 'Upholds')] : []), ...(set.wants.get(name) ?? [])];
}

/** The units some active unit upholds: systemd starts them again whenever they stop. */
export function upheld(set: UnitSet): Set<string> {
  return new Set([...set.units.values()].flatMap((u) => unitNames(u, 'Unit', 'Upholds')));
}

/** The boot transaction: every unit reachable from `target` through Requires and Wants. */
export function bootTransaction(set: UnitSet, target = 'multi-user.target'): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of [...requiresOf(set, name), ...wantsOf(set, name)]) visit(dep);
  };
  visit(target);
  // Timers pull in timers.target on a real system through basic.target; the service a timer
  // activates is started by the timer, not by the transaction.
  return [...seen];
}

/** True when `a` must finish starting before `b` starts (a Before=b or b After=a). */
export function orderedBefore(set: UnitSet, a: string, b: string): boolean {
  const ua = set.units.get(a);
  const ub = set.units.get(b);
  return (ua ? unitNames(ua, 'Unit', 'Before').includes(b) : false) || (ub ? unitNames(ub, 'Unit', 'After').includes(a) : false);
}
