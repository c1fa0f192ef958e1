/**
 * DNS resolution for challenges and re-verification (DESIGN §8).
 *
 * Rules every implementation keeps:
 * - A definitive answer is NOERROR (possibly with no records: NODATA) or NXDOMAIN. Only a
 *   definitive answer may ever count against a user.
 * - Everything else (timeout, SERVFAIL, REFUSED, other RCODEs, truncation, transport errors,
 *   malformed or mismatching responses, resolvers that disagree) is a `DnsLookupFailure` list.
 * - Names are given and returned lowercase, in ASCII (A-labels), without the trailing dot.
 * - The promise never rejects; a thrown error is treated by the core as a `network` failure.
 */
export interface DnsResolver {
  /** TXT records at `name`; each record is the list of its character-strings, unjoined. */
  txt(name: string): Promise<DnsResult<TxtRecord>>;
  /** NS host names at `name` (lowercase, no trailing dot). */
  ns(name: string): Promise<DnsResult<string>>;
}

/** One TXT record: its character-strings in order (RFC 7208 §3.3 joins them). */
export type TxtRecord = readonly string[];

/**
 * The RCODE of a definitive answer: `NOERROR` (records, or none: NODATA) or `NXDOMAIN` (the name
 * does not exist). Every other RCODE is a lookup failure, never a miss.
 */
export type DnsRcode = 'NOERROR' | 'NXDOMAIN';

/** A definitive answer to one question: the only kind that may count against a user. */
export interface DnsAnswer<R> {
  readonly rcode: DnsRcode;
  /** Records of the final name of the CNAME chain; empty for NXDOMAIN or NODATA. */
  readonly records: readonly R[];
  /** CNAME targets followed from the question name, in order; empty when none. */
  readonly cnameChain: readonly string[];
  /** The AD bit: every resolver that answered validated the answer with DNSSEC. */
  readonly authenticated: boolean;
  /** Which resolver(s) produced this answer (URLs or names), for evidence. */
  readonly resolvers: readonly string[];
  /**
   * What each server or perspective said, when the answer was combined from several
   * (authoritative servers of a zone, `combineResolvers`); absent for a single source.
   */
  readonly views?: readonly DnsView<R>[];
}

/** One server's or perspective's own outcome for the question, before combining. */
export type DnsView<R> =
  | {
      readonly resolver: string;
      readonly ok: true;
      readonly rcode: DnsRcode;
      readonly records: readonly R[];
      readonly cnameChain: readonly string[];
    }
  | {
      readonly resolver: string;
      readonly ok: false;
      readonly kind: DnsLookupFailureKind;
      readonly detail: string;
    };

/**
 * Why a resolver gave no definitive answer: `timeout`; `servfail` and `refused` (the RCODEs);
 * `network` (transport error, or the resolver threw); `malformed` (an unreadable or mismatching
 * response, or an answer that breaks the port's rules); `disagreement` (upstreams or perspectives
 * that had to agree did not).
 */
export type DnsLookupFailureKind =
  | 'timeout'
  | 'servfail'
  | 'refused'
  | 'network'
  | 'malformed'
  | 'disagreement';

/**
 * One resolver's failure (`resolver` names it, `detail` says what happened). Every resolver failing
 * is `DNS_LOOKUP_FAILED` with these in `details.failures`; nothing is counted against the user.
 */
export interface DnsLookupFailure {
  readonly kind: DnsLookupFailureKind;
  readonly resolver: string;
  readonly detail: string;
}

/**
 * What a `DnsResolver` answers: `ok: true` with a definitive `answer`, or `ok: false` with the
 * `failures` of every resolver asked.
 */
export type DnsResult<R> =
  | { readonly ok: true; readonly answer: DnsAnswer<R> }
  | {
      readonly ok: false;
      readonly failures: readonly DnsLookupFailure[];
      /** Every server's or perspective's outcome, those that answered too (see `DnsAnswer`). */
      readonly views?: readonly DnsView<R>[];
    };
