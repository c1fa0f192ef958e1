// Text every storage can hold. PostgreSQL refuses U+0000 in text and jsonb and lone surrogates
// in jsonb, and a driver would write a lone surrogate in text as U+FFFD; memory keeps anything.
// One rule for every storage, kept by the core: caller input that is not storable is refused
// (INVALID_INPUT), text from the host's ports is made storable before anything is written.

// U+0000, or a UTF-16 surrogate without its other half.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** The INVALID_INPUT `problem` for caller text no storage can hold, or null when it can. */
export const unstorableProblem = (text: string): string | null =>
  text.includes('\u0000')
    ? 'contains U+0000'
    : isStorableText(text)
      ? null
      : 'contains a lone surrogate (not well-formed UTF-16)';

/** Whether a string can be stored as it is, by any storage. */
export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/** A string made storable: U+0000 and lone surrogates become U+FFFD (as a decoder would). */
export const storableText = (text: string): string =>
  isStorableText(text) ? text : text.replace(UNSTORABLE_ALL, '\uFFFD');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Lone surrogates become U+FFFD; U+0000 stays (DNS text is escaped later, `\000`). */
export const wellFormedText = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');

/** Any JSON-like value with `fix` applied to every string, keys included. */
export function mapStrings<T>(value: T, fix: (text: string) => string): T {
  if (typeof value === 'string') return fix(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, fix)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[fix(key)] = mapStrings(item, fix);
    return out as T;
  }
  return value;
}
