// UTS #46 and URL-standard conformance vectors: what they call an error must be refused, and
// what they accept must, when we accept it too, come out as the same ASCII name.
import { describe, expect, it } from 'vitest';
import { normalizeHost } from '../../src/index.js';
import { readVector } from './helpers.js';

/** `idn: 'allow'`, so that the script rule cannot hide a gap in the UTS #46 layer. */
const ALLOW = { idn: 'allow' } as const;

const hostOf = (input: string): string | null => {
  const result = normalizeHost(input, ALLOW);
  return result.isOk() ? result.value.host : null;
};

describe('WPT toascii.json', () => {
  const cases = (JSON.parse(readVector('wpt-url/toascii.json')) as unknown[]).filter(
    (entry): entry is { input: string; output: string | null } =>
      typeof entry === 'object' && entry !== null,
  );

  it('has the 87 cases of the file, 19 of them failures', () => {
    expect(cases).toHaveLength(87);
    expect(cases.filter((c) => c.output === null)).toHaveLength(19);
  });

  it('refuses every failure except the one that only differs by a leading space', () => {
    const accepted = cases.filter((c) => c.output === null && hostOf(c.input) !== null);
    // DESIGN §3 step 1 trims input (all Unicode white space, as String#trim does), so
    // "\u1680lookout.net" (OGHAM SPACE MARK first) is read as "lookout.net".
    expect(accepted.map((c) => c.input)).toEqual(['\u1680lookout.net']);
    expect(hostOf('lookout.net')).toBe('lookout.net');
  });

  it('agrees with every success output it accepts', () => {
    const successes = cases.filter((c) => c.output !== null);
    const accepted = successes.filter((c) => hostOf(c.input) !== null);
    for (const c of accepted) expect(hostOf(c.input), JSON.stringify(c.input)).toBe(c.output);
    // The rest are refused on purpose: CheckHyphens (`aa--`, `-x`), empty labels, over-long
    // labels, invalid Punycode or joiners that the URL standard tolerates.
    expect(accepted).toHaveLength(38);
    expect(successes.length - accepted.length).toBe(30);
  });
});

interface IdnaRow {
  line: number;
  source: string;
  /** Non-transitional ToASCII result. */
  toAsciiN: string;
  /** Its status codes, e.g. `[B1, V6]`; empty when there is no error. */
  status: string;
}

/** Decodes the `\uXXXX` and `\x{XXXX}` escapes of IdnaTestV2.txt. */
const decodeEscapes = (text: string): string =>
  text.replace(/\\u([0-9A-Fa-f]{4})|\\x\{([0-9A-Fa-f]+)\}/g, (_, short, long) =>
    String.fromCodePoint(Number.parseInt(short ?? long, 16)),
  );

/** Column rules of the file's header: blanks inherit from the column they refer to. */
function idnaRows(): IdnaRow[] {
  const rows: IdnaRow[] = [];
  for (const [index, line] of readVector('unicode-idna/IdnaTestV2.txt').split('\n').entries()) {
    const data = line.split('#')[0] ?? '';
    if (data.trim() === '') continue;
    const [
      sourceCol = '',
      toUnicodeCol = '',
      unicodeStatus = '',
      toAsciiNCol = '',
      asciiNStatus = '',
    ] = data.split(';').map((column) => column.trim());
    const value = (column: string, fallback: string) =>
      column === '' ? fallback : column === '""' ? '' : decodeEscapes(column);
    const source = value(sourceCol, '');
    const toUnicode = value(toUnicodeCol, source);
    const status = asciiNStatus === '' ? unicodeStatus : asciiNStatus;
    rows.push({
      line: index + 1,
      source,
      toAsciiN: value(toAsciiNCol, toUnicode),
      status: status === '[]' ? '' : status,
    });
  }
  return rows;
}

describe('Unicode IdnaTestV2.txt (17.0.0)', () => {
  const rows = idnaRows();
  const errors = rows.filter((row) => row.status !== '');
  const valid = rows.filter((row) => row.status === '');

  it('has the 6391 rows of the file, 5842 of them ToASCII errors', () => {
    expect(rows).toHaveLength(6391);
    expect(errors).toHaveLength(5842);
  });

  it('refuses every error row except an empty root label, which DESIGN §3 strips', () => {
    const accepted = errors.filter((row) => hostOf(row.source) !== null);
    // Only A4_2 for the root label: the expected ASCII ends in the dot we strip, and what we
    // return is exactly the rest of it.
    for (const row of accepted) {
      const where = `line ${row.line}: ${JSON.stringify(row.source)}`;
      expect(row.status, where).toBe('[A4_2]');
      expect(row.toAsciiN.endsWith('.'), where).toBe(true);
      expect(hostOf(row.source), where).toBe(row.toAsciiN.slice(0, -1));
    }
    expect(accepted).toHaveLength(67);
    expect(errors.length - accepted.length).toBe(5775);
  });

  it('accepts every row without error, as its expected ASCII form', () => {
    const mismatches = valid
      .map((row) => ({ row, host: hostOf(row.source) }))
      .filter(({ row, host }) => host !== row.toAsciiN.replace(/\.$/, ''));
    expect(mismatches).toEqual([]);
    expect(valid).toHaveLength(549);
  });
});

describe('bad_punycode_tests.json', () => {
  const cases = JSON.parse(readVector('unicode-idna/bad_punycode_tests.json')) as {
    description: string;
    decoded: string;
  }[];

  it('refuses the pathological decoder input in every form, without hanging', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const { decoded } of cases) {
      const squeezed = decoded.replace(/\s+/g, '');
      for (const input of [decoded, squeezed, `xn--${squeezed}`, `xn--${squeezed}.com`]) {
        expect(normalizeHost(input).isErr()).toBe(true);
      }
    }
  });
});
