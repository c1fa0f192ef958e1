// Query names as the port hands them over: ASCII, dot-separated, lowercase once normalised.
// Anything else is refused before a request leaves, so a bad name never reaches an upstream.

const LABEL = /^[a-z0-9_-]{1,63}$/;

/**
 * The canonical spelling of a name (lowercase, no trailing dot), or undefined when it is not a
 * valid query name: empty, longer than 253 octets, an empty or over-long label, or characters
 * outside letters, digits, hyphen and underscore (names arrive as A-labels).
 */
export function queryName(name: string): string | undefined {
  if (typeof name !== 'string') return undefined;
  const lower = name.toLowerCase();
  const bare = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  if (bare.length === 0 || bare.length > 253) return undefined;
  return bare.split('.').every((label) => LABEL.test(label)) ? bare : undefined;
}

/** Lowercase without the trailing dot, for names read from responses (compared, not checked). */
export function canonicalName(name: string): string {
  const lower = name.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}
