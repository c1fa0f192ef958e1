// Punycode encoding (RFC 3492) of one label, for the IDN fast path. Same output as the
// `punycode` package, which stays the reference (and handles what this does not: labels
// with astral characters); a property test holds the two equal. This exists because the
// encoder is the largest cost of normalizing an IDN, and labels are short BMP strings.
import punycode from 'punycode/punycode.js';

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;

/** Character code of digit `d` (0–35): `a`–`z`, `0`–`9`. */
const digit = (d: number): number => (d < 26 ? 0x61 + d : 0x16 + d);

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

/** Encodes a label without its `xn--` prefix; undefined if Punycode cannot encode it. */
export function encodeLabel(label: string): string | undefined {
  const length = label.length;
  const output: number[] = [];
  let basic = 0;
  for (let i = 0; i < length; i++) {
    const c = label.charCodeAt(i);
    if (c < 0x80) {
      output.push(c);
      basic++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      return encodeByPackage(label);
    }
  }
  if (basic > 0) output.push(0x2d);
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  let handled = basic;
  while (handled < length) {
    let m = 0xffff;
    for (let i = 0; i < length; i++) {
      const c = label.charCodeAt(i);
      if (c >= n && c < m) m = c;
    }
    delta += (m - n) * (handled + 1);
    n = m;
    for (let i = 0; i < length; i++) {
      const c = label.charCodeAt(i);
      if (c < n) delta++;
      else if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
          if (q < t) break;
          output.push(digit(t + ((q - t) % (BASE - t))));
          q = Math.floor((q - t) / (BASE - t));
        }
        output.push(digit(q));
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  // Labels are short (≤ 1024 code units reach here), well within argument limits.
  return String.fromCharCode(...output);
}

function encodeByPackage(label: string): string | undefined {
  try {
    return punycode.encode(label);
  } catch {
    return undefined;
  }
}
