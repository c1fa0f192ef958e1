// The JSON API (`application/dns-json`) offered by Cloudflare and Google: `?name=&type=` in the
// URL, a JSON object back. TXT data arrives in presentation format: Cloudflare quotes each
// character-string (`"a" "b"`, with `\"`, `\\` and `\DDD` escapes); Google may send the text
// unquoted, in which case it is taken as one string, exactly as given.
import { canonicalName } from './names.js';
import {
  type AnswerRecord,
  type DefinitiveResponse,
  fail,
  type QueryType,
  rcodeStep,
  type Step,
} from './records.js';
import { wireTypeCode } from './wire.js';

const MAX_STRING_OCTETS = 255;
const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** The request URL for a JSON API lookup. */
export function jsonRequestUrl(base: string, name: string, type: QueryType): string {
  const url = new URL(base);
  url.searchParams.set('name', name);
  url.searchParams.set('type', type);
  url.searchParams.set('do', '1');
  return url.toString();
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks a JSON API response body. */
export function parseJsonResponse(
  text: string,
  name: string,
  type: QueryType,
): Step<DefinitiveResponse> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail('malformed', 'response is not JSON');
  }
  if (!isObject(body)) return fail('malformed', 'response is not a JSON object');
  const status = body.Status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 4095) {
    return fail('malformed', 'missing or invalid Status');
  }
  if (body.TC === true) return fail('malformed', 'truncated response (TC set)');
  const question = Array.isArray(body.Question) ? body.Question : undefined;
  const asked = question?.[0];
  if (question?.length !== 1 || !isObject(asked)) {
    return fail('malformed', 'response has no single Question');
  }
  if (
    typeof asked.name !== 'string' ||
    canonicalName(asked.name) !== name ||
    asked.type !== wireTypeCode(type)
  ) {
    return fail('malformed', `response is for ${String(asked.name)} type ${String(asked.type)}`);
  }
  const rcode = rcodeStep(status);
  if (!rcode.ok) return rcode;
  const answers = body.Answer === undefined ? [] : body.Answer;
  if (!Array.isArray(answers)) return fail('malformed', 'Answer is not a list');
  const records: AnswerRecord[] = [];
  for (const raw of answers) {
    const record = toAnswerRecord(raw);
    if (!record.ok) return record;
    records.push(record.value);
  }
  return { ok: true, value: { rcode: rcode.value, authenticated: body.AD === true, records } };
}

function toAnswerRecord(raw: unknown): Step<AnswerRecord> {
  if (!isObject(raw) || typeof raw.name !== 'string' || typeof raw.type !== 'number') {
    return fail('malformed', 'Answer entry without name or type');
  }
  const name = canonicalName(raw.name);
  if (raw.type !== 16 && raw.type !== 2 && raw.type !== 5) {
    return { ok: true, value: { name, type: 'OTHER' } };
  }
  if (typeof raw.data !== 'string') return fail('malformed', `Answer data missing at ${name}`);
  if (raw.type === 16) {
    const parts = parseTxtData(raw.data);
    return parts === undefined
      ? fail('malformed', `bad TXT data at ${name}`)
      : { ok: true, value: { name, type: 'TXT', data: parts } };
  }
  const type = raw.type === 2 ? 'NS' : 'CNAME';
  return { ok: true, value: { name, type, data: canonicalName(raw.data) } };
}

/**
 * TXT data in presentation format to its character-strings. Quoted strings are unescaped
 * (`\"`, `\\`, `\DDD` as a decimal octet) and must each fit 255 octets; unquoted text is one
 * string as given. Undefined when the quoting is broken.
 */
export function parseTxtData(data: string): string[] | undefined {
  if (!data.trimStart().startsWith('"')) return [data];
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    while (i < data.length && (data[i] === ' ' || data[i] === '\t')) i++;
    if (i === data.length) break;
    if (data[i] !== '"') return undefined;
    i++;
    const bytes: number[] = [];
    let closed = false;
    while (i < data.length) {
      const ch = data[i] as string;
      if (ch === '"') {
        closed = true;
        i++;
        break;
      }
      if (ch === '\\') {
        const digits = /^\d{3}/.exec(data.slice(i + 1, i + 4));
        if (digits) {
          const octet = Number(digits[0]);
          if (octet > 255) return undefined;
          bytes.push(octet);
          i += 4;
          continue;
        }
        if (i + 1 >= data.length) return undefined;
        i++;
      }
      const point = data.codePointAt(i) as number;
      const char = String.fromCodePoint(point);
      bytes.push(...encoder.encode(char));
      i += char.length;
    }
    if (!closed || bytes.length > MAX_STRING_OCTETS) return undefined;
    parts.push(utf8.decode(new Uint8Array(bytes)));
  }
  return parts;
}
