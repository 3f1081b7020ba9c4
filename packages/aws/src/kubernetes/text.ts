/** Short, single-line text for reasons that travel in heartbeats, progress and failure messages. */
const MAX_REASON = 400;

/** One line, at most `max` characters (an ellipsis marks the cut). */
export function shorten(text: string, max = MAX_REASON): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
