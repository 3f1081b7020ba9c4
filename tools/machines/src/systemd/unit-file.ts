/**
 * systemd unit files as systemd reads them (systemd.syntax(7), systemd.unit(5)): `[Section]`
 * headers, `Key=Value` lines, `#`/`;` comments, a trailing backslash joining the next line with a
 * space, repeated keys appending to a list, and an empty assignment (`ExecStart=`) resetting it.
 * Drop-ins (`<unit>.d/*.conf`) are applied after the unit file in lexical order, with the same rules.
 */

export type UnitSettings = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

export interface UnitFile {
  readonly name: string;
  readonly settings: UnitSettings;
}

type MutableSettings = Map<string, Map<string, string[]>>;

function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (pending === '' && (trimmed.startsWith('#') || trimmed.startsWith(';'))) continue;
    if (pending !== '' && (trimmed.startsWith('#') || trimmed.startsWith(';'))) continue; // comments inside a continuation are skipped
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    out.push(pending + line);
    pending = '';
  }
  if (pending !== '') out.push(pending);
  return out;
}

function apply(into: MutableSettings, text: string): void {
  let section: Map<string, string[]> | undefined;
  for (const line of logicalLines(text)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header?.[1]) {
      section = into.get(header[1]) ?? new Map<string, string[]>();
      into.set(header[1], section);
      continue;
    }
    const eq = trimmed.indexOf('=');
    if (eq <= 0 || !section) continue; // systemd logs and ignores such lines
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    if (value === '') section.set(key, []);
    else section.set(key, [...(section.get(key) ?? []), value]);
  }
}

/** A unit from its file's text and its drop-ins' texts (any order: they are sorted by name here). */
export function parseUnit(name: string, text: string, dropins: readonly { name: string; text: string }[] = []): UnitFile {
  const settings: MutableSettings = new Map();
  apply(settings, text);
  for (const d of [...dropins].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) apply(settings, d.text);
  return { name, settings };
}

/** Every value of a list setting, after resets. */
export function values(unit: UnitFile, section: string, key: string): readonly string[] {
  return unit.settings.get(section)?.get(key) ?? [];
}

/** The value a single-valued setting ends with (the last assignment wins). */
export function value(unit: UnitFile, section: string, key: string): string | undefined {
  const all = values(unit, section, key);
  return all[all.length - 1];
}

/** Unit names of a dependency setting (`After=a.service b.service`, possibly repeated). */
export function unitNames(unit: UnitFile, section: string, key: string): string[] {
  return values(unit, section, key).flatMap((v) => v.split(/\s+/).filter(Boolean));
}

/** systemd's time spans as used in units (`10`, `15s`, `2min`, `1h 30s`, `500ms`, `infinity`). */
export function timeSpanMs(text: string | undefined, fallbackMs: number): number {
  if (text === undefined || text.trim() === '') return fallbackMs;
  if (text.trim() === 'infinity') return Number.POSITIVE_INFINITY;
  const units: Record<string, number> = {
    us: 0.001, usec: 0.001, ms: 1, msec: 1, '': 1000, s: 1000, sec: 1000, second: 1000, seconds: 1000,
    m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hr: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)\s*([a-z]*)/g;
  let matched = false;
  for (const m of text.matchAll(re)) {
    const factor = units[m[2] ?? ''];
    if (factor === undefined) return fallbackMs;
    total += Number(m[1]) * factor;
    matched = true;
  }
  return matched ? total : fallbackMs;
}

/** systemd's booleans. */
export function isYes(text: string | undefined): boolean {
  return text !== undefined && ['1', 'yes', 'y', 'true', 't', 'on'].includes(text.trim().toLowerCase());
}
