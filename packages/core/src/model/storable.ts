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

// ES2024's String.prototype.isWellFormed where the runtime has it: a sweep passes every string
// of every DNS answer through wellFormedText, and nearly all of them are well formed already.
const nativeIsWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
const isWellFormed = (text: string): boolean =>
  nativeIsWellFormed ? nativeIsWellFormed.call(text) : !LONE_SURROGATE_TEST.test(text);
const LONE_SURROGATE_TEST = new RegExp(LONE_SURROGATE.source);

/** Lone surrogates become U+FFFD; U+0000 stays (DNS text is escaped later, `\000`). */
export const wellFormedText = (text: string): string =>
  isWellFormed(text) ? text : text.replace(LONE_SURROGATE, '\uFFFD');

/** How deep `plainData` follows objects: far beyond any port answer, short of a stack overflow. */
const MAX_DEPTH = 32;
/**
 * How many values `plainData` copies: a DNS message (64 KiB) holds far fewer. An object that
 * refers to itself twice per level would otherwise cost 2^32 visits before the depth stops it.
 */
const MAX_VALUES = 1_000_000;
/** How many characters of text `plainData` copies (a million references to one long string). */
const MAX_TEXT = 4 * 1024 * 1024;

/**
 * A port's answer as plain JSON-like data, each property read exactly once (a getter or Proxy
 * cannot answer one thing when checked and another when used), with `fix` applied to every
 * string, keys included. As JSON would: functions, symbols and `undefined` properties are
 * dropped, a non-finite number is `null`, -0 is 0. Only plain objects and arrays are data: a
 * Date, a boxed string, a Map or a class instance is not (no `toJSON` is called). Throws on any
 * of those, on a bigint, on a cycle, on nesting deeper than 32 levels, more than a million
 * values or 4 Mi characters, on an array whose length is not a length, and whatever a getter or
 * trap throws: the caller answers a broken port. One pass, without JSON text in between.
 */
export function plainData(value: unknown, fix: (text: string) => string): unknown {
  let values = MAX_VALUES;
  let text = MAX_TEXT;
  const copy = (v: unknown, depth: number): unknown => {
    if (--values < 0) throw new RangeError('more values than plain data holds');
    switch (typeof v) {
      case 'string':
        text -= v.length;
        if (text < 0) throw new RangeError('more text than plain data holds');
        return fix(v);
      case 'number':
        // As JSON: NaN and the infinities are null, -0 is 0.
        return Number.isFinite(v) ? v + 0 : null;
      case 'boolean':
        return v;
      case 'object':
        break;
      case 'bigint':
        throw new TypeError('a bigint is not plain data');
      default:
        return undefined;
    }
    if (v === null) return null;
    if (depth >= MAX_DEPTH) throw new RangeError('nested deeper than plain data goes');
    if (Array.isArray(v)) {
      const length: unknown = v.length;
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0)
        throw new RangeError('an array whose length is not a length');
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) out.push(copy(v[i], depth + 1) ?? null);
      return out;
    }
    // A plain object's prototype is null or an `Object.prototype` (of any realm: its own
    // prototype is null); a Date's, a Map's or a boxed string's is not.
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== null && Object.getPrototypeOf(proto) !== null)
      throw new TypeError('only plain objects and arrays are plain data');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const item = copy((v as Record<string, unknown>)[key], depth + 1);
      if (item === undefined) continue;
      const name = fix(key);
      // An own `__proto__` key stays a key, never the prototype.
      if (name === '__proto__')
        Object.defineProperty(out, name, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[name] = item;
    }
    return out;
  };
  return copy(value, 0);
}
