// One DNS message to an authoritative server and the checks on its reply. dns-packet encodes
// and decodes; this module checks what it does not (trailing bytes, the id, the question, the
// header bits) and turns every throw into a `malformed` step.
import type { DnsLookupFailureKind } from '@apexproof/core';
import * as packet from '@dnsquery/dns-packet';
import { canonical } from './names.js';

export type QueryType = 'TXT' | 'NS' | 'A';

/** A step that produced a value, or a failure without the server (added by the caller). */
export type Step<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly kind: DnsLookupFailureKind; readonly detail: string };

export const fail = (kind: DnsLookupFailureKind, detail: string) =>
  ({ ok: false, kind, detail }) as const;

/** One resource record, class IN, owner name canonical; data decoded for the types used here. */
export interface Rr {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  /** TXT: its character-strings; NS/CNAME: a canonical name; A/AAAA: the address. */
  readonly data: readonly string[] | string | undefined;
}

export interface Reply {
  /** The full RCODE (header and EDNS extension). */
  readonly rcode: number;
  readonly authoritative: boolean;
  readonly truncated: boolean;
  readonly answers: readonly Rr[];
  readonly authorities: readonly Rr[];
  readonly additionals: readonly Rr[];
}

const TRUNCATED = 1 << 9;
const AUTHORITATIVE = 1 << 10;
const utf8 = new TextDecoder('utf-8');

/** A query without RD (we ask authorities, not a recursor), with EDNS0 advertising `size`. */
export function encodeQuery(id: number, name: string, type: QueryType, size: number): Uint8Array {
  return packet.encode({
    type: 'query',
    id,
    flags: 0,
    questions: [{ type, name: name === '' ? '.' : name, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: size } as unknown as packet.Answer],
  });
}

interface RawRecord {
  name: string;
  type: string;
  class?: string;
  ttl?: number;
  data?: unknown;
  extendedRcode?: number;
}

interface Decoded {
  id: number;
  type: string;
  opcode: string;
  flags: number;
  questions: { name: string; type: string; class: string }[];
  answers: RawRecord[];
  authorities: RawRecord[];
  additionals: RawRecord[];
}

function rr(raw: RawRecord): Rr | undefined {
  if (raw.class !== 'IN' || raw.type === 'OPT') return undefined;
  const base = { name: canonical(raw.name), type: raw.type, ttl: raw.ttl ?? 0 };
  if (raw.type === 'TXT' && Array.isArray(raw.data))
    return { ...base, data: (raw.data as Uint8Array[]).map((b) => utf8.decode(b)) };
  if ((raw.type === 'NS' || raw.type === 'CNAME') && typeof raw.data === 'string')
    return { ...base, data: canonical(raw.data) };
  if ((raw.type === 'A' || raw.type === 'AAAA') && typeof raw.data === 'string')
    return { ...base, data: raw.data };
  return { ...base, data: undefined };
}

/** The id of a message, or undefined when it is too short to have one. */
export const messageId = (bytes: Uint8Array): number | undefined =>
  bytes.length >= 2 ? ((bytes[0] as number) << 8) | (bytes[1] as number) : undefined;

/**
 * Decodes a reply and checks it answers our query: QR set, same id, opcode QUERY, exactly our
 * question (name case-insensitively, type, class IN), no trailing bytes. Never throws.
 */
export function readReply(
  bytes: Uint8Array,
  id: number,
  name: string,
  type: QueryType,
): Step<Reply> {
  let message: Decoded;
  try {
    message = packet.decode(bytes) as unknown as Decoded;
    const used = (packet.decode as unknown as { bytes: number }).bytes;
    if (used !== bytes.length)
      return fail('malformed', `reply has ${bytes.length - used} trailing bytes`);
  } catch (error) {
    return fail('malformed', `undecodable reply: ${(error as Error).message}`);
  }
  const sections = [message.questions, message.answers, message.authorities, message.additionals];
  if (sections.some((list) => list.some((entry) => entry === undefined)))
    return fail('malformed', 'reply sections shorter than their counts');
  if (message.type !== 'response') return fail('malformed', 'QR bit not set');
  if (message.id !== id) return fail('malformed', `reply id ${message.id}, expected ${id}`);
  if (message.opcode !== 'QUERY') return fail('malformed', `opcode ${message.opcode}`);
  const question = message.questions[0];
  if (message.questions.length !== 1 || question === undefined)
    return fail('malformed', `${message.questions.length} questions in the reply`);
  if (canonical(question.name) !== name || question.type !== type || question.class !== 'IN')
    return fail('malformed', `reply is for ${question.name} ${question.class} ${question.type}`);
  const opts = message.additionals.filter((r) => r.type === 'OPT');
  if (opts.length > 1) return fail('malformed', 'several OPT records');
  const keep = (list: RawRecord[]) => list.map(rr).filter((r): r is Rr => r !== undefined);
  return {
    ok: true,
    value: {
      rcode: ((opts[0]?.extendedRcode ?? 0) << 4) | (message.flags & 0xf),
      authoritative: (message.flags & AUTHORITATIVE) !== 0,
      truncated: (message.flags & TRUNCATED) !== 0,
      answers: keep(message.answers),
      authorities: keep(message.authorities),
      additionals: keep(message.additionals),
    },
  };
}

const RCODE_NAMES: Record<number, string> = {
  1: 'FORMERR',
  2: 'SERVFAIL',
  4: 'NOTIMP',
  5: 'REFUSED',
  16: 'BADVERS',
};

/** A name for an RCODE in failure details. */
export const rcodeName = (rcode: number): string => RCODE_NAMES[rcode] ?? `RCODE ${rcode}`;
