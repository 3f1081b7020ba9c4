/**
 * Just enough XML for the awsQuery protocol: escaping, building elements, and editing moto's
 * responses in place. Moto serialises from botocore's shapes, so its output is regular: lists are
 * `<Name><member>…</member></Name>`, scalars are `<Name>text</Name>`. Nested lists reuse the tag
 * `member`, so list members are split by counting depth rather than with a regex.
 */

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** `<name>value</name>`, or nothing when the value is absent. */
export function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A list in awsQuery's shape: `<name><member>…</member>…</name>`, members given as inner XML. */
export function list(name: string, members: readonly string[]): string {
  return `<${name}>${members.map((m) => `<member>${m}</member>`).join('')}</${name}>`;
}

/** Text of the first `<name>` element in `xml` (unescaped), if any. */
export function childText(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m?.[1] === undefined ? undefined : unescapeXml(m[1]);
}

/** Sets the first `<name>` element to `value` (removing it when undefined), adding it before `</member>` if missing. */
export function setChild(member: string, name: string, value: string | undefined): string {
  const re = new RegExp(`<${name}>[^<]*</${name}>|<${name}/>`);
  const replacement = value === undefined ? '' : el(name, value);
  if (re.test(member)) return member.replace(re, replacement);
  if (value === undefined) return member;
  const close = member.lastIndexOf('</member>');
  return close < 0 ? member + replacement : member.slice(0, close) + replacement + member.slice(close);
}

/** Removes a whole element (it may hold nested elements, but not another element of the same name). */
export function removeElement(xml: string, name: string): string {
  return xml.replace(new RegExp(`<${name}>[\\s\\S]*?</${name}>|<${name}/>`), '');
}

/** Replaces a whole element (or adds it before `</member>`). */
export function replaceElement(member: string, name: string, replacement: string): string {
  const re = new RegExp(`<${name}>[\\s\\S]*?</${name}>|<${name}/>`);
  if (re.test(member)) return member.replace(re, () => replacement);
  const close = member.lastIndexOf('</member>');
  return close < 0 ? member + replacement : member.slice(0, close) + replacement + member.slice(close);
}

/** The top-level `<member>…</member>` blocks (wrapper tags included) of the list element `listName`. */
export function members(xml: string, listName: string): string[] {
  const span = listSpan(xml, listName);
  return span ? splitMembers(xml.slice(span.innerStart, span.innerEnd)) : [];
}

/**
 * Rebuilds the list `listName`: each member goes through `fn` (null drops it), then `extra`
 * members (full `<member>` blocks) are appended. A missing list is left alone unless there are extras.
 */
export function mapMembers(xml: string, listName: string, fn: (member: string) => string | null, extra: readonly string[] = []): string {
  const span = listSpan(xml, listName);
  if (!span) return xml;
  const kept = splitMembers(xml.slice(span.innerStart, span.innerEnd))
    .map(fn)
    .filter((m): m is string => m !== null);
  const inner = [...kept, ...extra].join('');
  return `${xml.slice(0, span.start)}<${listName}>${inner}</${listName}>${xml.slice(span.end)}`;
}

interface Span {
  start: number;
  innerStart: number;
  innerEnd: number;
  end: number;
}

function listSpan(xml: string, name: string): Span | undefined {
  const selfClosing = xml.indexOf(`<${name}/>`);
  const open = xml.indexOf(`<${name}>`);
  if (open < 0 || (selfClosing >= 0 && selfClosing < open)) {
    return selfClosing < 0 ? undefined : { start: selfClosing, innerStart: selfClosing, innerEnd: selfClosing, end: selfClosing + name.length + 3 };
  }
  // The list's own close tag: the first one after the open tag that is not inside a nested same-name list.
  let depth = 0;
  const re = new RegExp(`<(/?)${name}>`, 'g');
  re.lastIndex = open;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return { start: open, innerStart: open + name.length + 2, innerEnd: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

function splitMembers(inner: string): string[] {
  const out: string[] = [];
  const re = /<(\/?)member>|<member\/>/g;
  let depth = 0;
  let start = -1;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    if (m[0] === '<member/>') {
      if (depth === 0) out.push('<member></member>');
      continue;
    }
    if (!m[1]) {
      if (depth === 0) start = m.index;
      depth++;
    } else {
      depth--;
      if (depth === 0 && start >= 0) out.push(inner.slice(start, m.index + m[0].length));
    }
  }
  return out;
}
