/**
 * cluster.yaml parsed with `yaml` (which keeps every node's offsets) plus a LineCounter, so any
 * dotted key path can be turned back into a line and column.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigIssue, SourcePosition } from './model.js';

/** Where issues point when no key is to blame: the start of the file. */
export const DOCUMENT_START: SourcePosition = { line: 1, col: 1 };

export interface YamlSource {
  readonly doc: Document.Parsed;
  /** Position of the value at `path` (or of its key when the value is empty), if the path exists. */
  valuePosition(path: KeyPath): SourcePosition | undefined;
  /** Position of the key that ends `path`, if the path exists. */
  keyPosition(path: KeyPath): SourcePosition | undefined;
}

/** A key path as segments (stackTags keys may contain dots, so paths are not split on them). */
export type KeyPath = readonly (string | number)[];

export type YamlParseResult = { ok: true; source: YamlSource } | { ok: false; errors: ConfigIssue[] };

interface Located {
  key?: Node;
  value?: Node | null;
}

function locate(doc: Document.Parsed, path: KeyPath): Located | undefined {
  let current: Located = { value: doc.contents };
  for (const segment of path) {
    const node = current.value;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return undefined;
      current = { key: pair.key as Node, value: pair.value as Node | null };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return undefined;
      current = { value: item as Node };
    } else {
      return undefined;
    }
  }
  return current;
}

/** Parses the text; YAML syntax errors come back as issues with their line and column. */
export function parseYamlSource(text: string): YamlParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  if (doc.errors.length > 0) {
    // One error per position: the parser often reports a follow-on error at the same spot.
    const first = doc.errors.filter((e, i) => doc.errors.findIndex((o) => o.pos[0] === e.pos[0]) === i);
    return {
      ok: false,
      errors: first.map((e) => ({
        severity: 'error' as const,
        path: '',
        message: `invalid YAML: ${e.message.replace(/\s+/g, ' ').trim()}; ${
          e.code === 'DUPLICATE_KEY' ? 'each key may appear once, so remove one' : 'fix the syntax here (indentation, quotes, brackets)'
        }`,
        position: at(e.pos[0]),
      })),
    };
  }
  const nodeStart = (node: Node | null | undefined): SourcePosition | undefined =>
    node?.range ? at(node.range[0]) : undefined;
  return {
    ok: true,
    source: {
      doc,
      valuePosition(path) {
        const found = locate(doc, path);
        if (found === undefined) return undefined;
        const emptyScalar = isScalar(found.value) && found.value.value === null && found.value.source === '';
        if ((found.value == null || emptyScalar) && found.key) return nodeStart(found.key);
        return nodeStart(found.value) ?? nodeStart(found.key);
      },
      keyPosition(path) {
        const found = locate(doc, path);
        return found ? nodeStart(found.key) ?? nodeStart(found.value) : undefined;
      },
    },
  };
}
