// RFC 8484 wire format: the DNS message (RFC 1035) as the HTTP body. dns-packet encodes and
// decodes; this module checks what it does not (section bounds, trailing bytes, sizes, the
// question, the header bits) and turns every throw into a `malformed` step.
import * as packet from '@dnsquery/dns-packet';
import { canonicalName } from './names.js';
import {
  type AnswerRecord,
  type DefinitiveResponse,
  fail,
  type QueryType,
  rcodeStep,
  type Step,
} from './records.js';

/** The largest DNS message (RFC 1035 length fields are 16 bits). */
export const MAX_MESSAGE_OCTETS = 65_535;
const TYPE_CODES: Record<QueryType, number> = { TXT: 16, NS: 2 };
const HEADER_RCODE_MASK = 0xf;
// Character-strings are decoded as UTF-8; bytes that are not UTF-8 become U+FFFD so an
// unrelated binary record never breaks the lookup (it can never match a token either).
const utf8 = new TextDecoder('utf-8');

/**
 * A query for `name`/`type` in class IN: id 0 (RFC 8484 §4.1, for HTTP caching), RD set, and an
 * EDNS0 OPT record with the DO bit so validating resolvers report the AD bit.
 */
export function encodeQuery(name: string, type: QueryType): Uint8Array<ArrayBuffer> {
  // dns-packet allocates a fresh ArrayBuffer for the message.
  return packet.encode({
    type: 'query',
    id: 0,
    flags: packet.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: 4096,
        flags: packet.DNSSEC_OK,
      } as unknown as packet.Answer,
    ],
  }) as Uint8Array<ArrayBuffer>;
}

interface DecodedMessage {
  readonly id: number;
  readonly flags: number;
  readonly type: string;
  readonly opcode: string;
  readonly flag_tc: boolean;
  readonly flag_ad: boolean;
  readonly questions: { name: string; type: string; class: string }[];
  readonly answers: RawRecord[];
  readonly authorities: RawRecord[];
  readonly additionals: RawRecord[];
}

interface RawRecord {
  name: string;
  type: string;
  class?: string;
  data?: unknown;
  extendedRcode?: number;
}

/** Decodes a message; never throws. Trailing or missing bytes make it malformed. */
export function decodeMessage(bytes: Uint8Array): Step<DecodedMessage> {
  if (bytes.length > MAX_MESSAGE_OCTETS) {
    return fail('malformed', `message of ${bytes.length} octets exceeds 65535`);
  }
  try {
    const message = packet.decode(bytes) as unknown as DecodedMessage;
    const used = (packet.decode as unknown as { bytes: number }).bytes;
    if (used !== bytes.length) {
      return fail(
        'malformed',
        `message length ${bytes.length} does not match its content (${used})`,
      );
    }
    const sections = [message.questions, message.answers, message.authorities, message.additionals];
    if (sections.some((list) => list.some((entry) => entry === undefined))) {
      return fail('malformed', 'message sections shorter than their counts');
    }
    return { ok: true, value: message };
  } catch (error) {
    return fail('malformed', `undecodable message: ${(error as Error).message}`);
  }
}

/** Checks a decoded response against the question asked and reduces it to its answer. */
export function interpretMessage(
  message: DecodedMessage,
  name: string,
  type: QueryType,
): Step<DefinitiveResponse> {
  if (message.type !== 'response') return fail('malformed', 'QR bit not set');
  if (message.id !== 0) return fail('malformed', `message id ${message.id}, expected 0`);
  if (message.opcode !== 'QUERY') return fail('malformed', `opcode ${message.opcode}`);
  if (message.flag_tc) return fail('malformed', 'truncated response (TC bit set)');
  const question = message.questions[0];
  if (message.questions.length !== 1 || question === undefined) {
    return fail('malformed', `${message.questions.length} questions in the response`);
  }
  if (canonicalName(question.name) !== name || question.type !== type || question.class !== 'IN') {
    return fail('malformed', `response is for ${question.name} ${question.class} ${question.type}`);
  }
  const opts = message.additionals.filter((r) => r.type === 'OPT');
  if (opts.length > 1) return fail('malformed', 'several OPT records');
  const extended = opts[0]?.extendedRcode ?? 0;
  const rcode = rcodeStep((extended << 4) | (message.flags & HEADER_RCODE_MASK));
  if (!rcode.ok) return rcode;
  const records: AnswerRecord[] = [];
  for (const raw of message.answers) {
    const record = toAnswerRecord(raw);
    if (!record.ok) return record;
    if (record.value) records.push(record.value);
  }
  return { ok: true, value: { rcode: rcode.value, authenticated: message.flag_ad, records } };
}

/** One answer record in the shared shape; records of other classes are dropped. */
function toAnswerRecord(raw: RawRecord): Step<AnswerRecord | undefined> {
  if (raw.class !== 'IN') return { ok: true, value: undefined };
  const name = canonicalName(raw.name);
  if (raw.type === 'TXT') {
    if (!Array.isArray(raw.data)) return fail('malformed', `bad TXT data at ${name}`);
    const parts = (raw.data as Uint8Array[]).map((bytes) => utf8.decode(bytes));
    return { ok: true, value: { name, type: 'TXT', data: parts } };
  }
  if (raw.type === 'NS' || raw.type === 'CNAME') {
    if (typeof raw.data !== 'string') return fail('malformed', `bad ${raw.type} data at ${name}`);
    return { ok: true, value: { name, type: raw.type, data: canonicalName(raw.data) } };
  }
  return { ok: true, value: { name, type: 'OTHER' } };
}

/** The whole path from response bytes to a checked answer. */
export function parseWireResponse(
  bytes: Uint8Array,
  name: string,
  type: QueryType,
): Step<DefinitiveResponse> {
  const decoded = decodeMessage(bytes);
  return decoded.ok ? interpretMessage(decoded.value, name, type) : decoded;
}

export const wireTypeCode = (type: QueryType): number => TYPE_CODES[type];
