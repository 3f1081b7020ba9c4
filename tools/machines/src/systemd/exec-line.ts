/**
 * `ExecStart=` command lines as systemd turns them into a process (systemd.service(5), "Command
 * lines"): optional prefixes (`-` ignore failure, `@` separate argv[0], `:` no variable expansion,
 * `+`/`!`/`!!` privilege handling), words split on whitespace with single and double quotes and
 * C-style backslash escapes, `${VAR}` replaced inside a word, `$VAR` alone as a word replaced by
 * the value split on whitespace, and `$$` a literal `$`.
 */

export interface ExecCommand {
  /** The program and its arguments, after expansion. */
  readonly argv: readonly string[];
  /** `-`: a non-zero exit does not fail the unit. */
  readonly ignoreFailure: boolean;
  /** The line as written, for logs. */
  readonly line: string;
}

export class ExecLineError extends Error {
  override name = 'ExecLineError';
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ' };

interface Word {
  text: string;
  /** The whole word was one unquoted `$VAR`: split its value on whitespace. */
  splitVar?: string;
}

function splitWords(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] ?? '')) i++;
    if (i >= line.length) break;
    let text = '';
    const start = i;
    while (i < line.length && !/\s/.test(line[i] ?? '')) {
      const c = line[i] as string;
      if (c === '"' || c === "'") {
        const quote = c;
        i++;
        while (i < line.length && line[i] !== quote) {
          if (line[i] === '\\' && i + 1 < line.length) {
            const e = line[i + 1] as string;
            text += ESCAPES[e] ?? e;
            i += 2;
          } else text += line[i++];
        }
        if (i >= line.length) throw new ExecLineError(`unterminated ${quote} quote in: ${line}`);
        i++;
      } else if (c === '\\' && i + 1 < line.length) {
        const e = line[i + 1] as string;
        text += ESCAPES[e] ?? e;
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    const raw = line.slice(start, i);
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw);
    words.push(whole?.[1] ? { text, splitVar: whole[1] } : { text });
  }
  return words;
}

function expand(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string | undefined) => (m === '$$' ? '$' : (env[name ?? ''] ?? '')));
}

/** The process a command line starts, with `env` (Environment= and EnvironmentFile=) for expansion. */
export function parseExecLine(line: string, env: Readonly<Record<string, string>>): ExecCommand {
  let rest = line.trim();
  let ignoreFailure = false;
  let separateArgv0 = false;
  let noExpand = false;
  for (;;) {
    const p = rest[0];
    if (p === '-') ignoreFailure = true;
    else if (p === '@') separateArgv0 = true;
    else if (p === ':') noExpand = true;
    else if (p === '+' || p === '!') {
      /* privilege prefixes: every sandbox process already runs as the node's root */
    } else break;
    rest = rest.slice(1);
  }
  const argv: string[] = [];
  for (const word of splitWords(rest)) {
    if (noExpand) argv.push(word.text);
    else if (word.splitVar !== undefined) argv.push(...(env[word.splitVar] ?? '').split(/\s+/).filter(Boolean));
    else argv.push(expand(word.text, env));
  }
  if (separateArgv0) argv.splice(1, 1); // the second word is argv[0]; the process keeps the program path only
  if (argv.length === 0) throw new ExecLineError(`empty command line: ${line}`);
  return { argv, ignoreFailure, line };
}

/** `KEY=value` lines of an EnvironmentFile (comments, blank lines and surrounding quotes handled). */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m?.[1]) continue;
    let v = m[2] ?? '';
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) v = v.slice(1, -1);
    env[m[1]] = v;
  }
  return env;
}

/** `Environment="A=1" B=2` assignments. */
export function parseEnvironmentSetting(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const word of splitWords(text)) {
    const eq = word.text.indexOf('=');
    if (eq > 0) env[word.text.slice(0, eq)] = word.text.slice(eq + 1);
  }
  return env;
}
