// Translation of driver errors into the port's two failure kinds. Drivers differ (pg, PGlite,
// postgres.js), so errors are recognised by SQLSTATE (`code`) and, for the socket layer, by
// Node's errno codes and the messages the drivers use.
import { StorageConflictError, StorageUnavailableError } from '@apexproof/core';

/** Any other database error: a bug (bad SQL, a value the schema refuses), never an outage. */
export class PostgresStorageError extends Error {
  override readonly name = 'PostgresStorageError';
  constructor(
    message: string,
    /** The SQLSTATE, when the database answered one. */
    readonly sqlState: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// 23505 unique_violation, 23P01 exclusion_violation; 40001 serialization_failure,
// 40P01 deadlock_detected, 55P03 lock_not_available (lock_timeout): another transaction won or
// held on; the core may retry. 23503 foreign_key_violation: the only foreign key is a pattern's
// domain, and it fires when a concurrent removal deleted that domain first; the retry finds
// the domain gone.
const CONFLICT = new Set(['23503', '23505', '23P01', '40001', '40P01', '55P03']);

// Class 08 connection exception, 53 insufficient resources, 57P0x shutdown / cannot connect,
// 58 system error, 3D000 unknown database, 28xxx authentication, 57014 statement timeout,
// 25P03 idle-in-transaction timeout: the database is unreachable, overloaded or refusing us.
// 42P01 (no such table) means migrations have not run.
const UNAVAILABLE_CLASSES = ['08', '53', '58', '28'];
const UNAVAILABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '57P05',
  '57014',
  '3D000',
  '42P01',
  '25P03',
]);

const SOCKET_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOENT',
]);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /connection error/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /cannot use a pool after calling end/i,
  /client was closed/i,
  /pglite is closed/i,
  /socket/i,
];

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

function sqlStateOf(error: unknown): string | undefined {
  const code = field(error, 'code');
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !SOCKET_ERRNO.has(code)
    ? code
    : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = field(error, 'code');
    const constraint = field(error, 'constraint');
    const parts = [error.message];
    if (typeof code === 'string') parts.push(`(${code})`);
    if (typeof constraint === 'string') parts.push(`on ${constraint}`);
    return parts.join(' ');
  }
  return String(error);
}

export type ErrorKind = 'conflict' | 'unavailable' | 'other';

/** Classifies a driver error (or an aggregate of them, as Node's net layer may throw). */
export function classify(error: unknown): ErrorKind {
  const state = sqlStateOf(error);
  if (state !== undefined) {
    if (CONFLICT.has(state)) return 'conflict';
    if (UNAVAILABLE.has(state) || UNAVAILABLE_CLASSES.includes(state.slice(0, 2)))
      return 'unavailable';
    return 'other';
  }
  const errno = field(error, 'code');
  if (typeof errno === 'string' && SOCKET_ERRNO.has(errno)) return 'unavailable';
  const inner = field(error, 'errors');
  if (Array.isArray(inner) && inner.length > 0 && inner.every((e) => classify(e) === 'unavailable'))
    return 'unavailable';
  const message = error instanceof Error ? error.message : '';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
  return 'other';
}

/** The port error for a driver error; never the raw driver error. */
export function translate(error: unknown): Error {
  const kind = classify(error);
  const detail = describe(error);
  if (kind === 'conflict') return new StorageConflictError(`postgres: ${detail}`, { cause: error });
  if (kind === 'unavailable') {
    const hint = sqlStateOf(error) === '42P01' ? ' — run migrate(client) first' : '';
    return new StorageUnavailableError(`postgres: ${detail}${hint}`, { cause: error });
  }
  return new PostgresStorageError(`postgres: ${detail}`, sqlStateOf(error), { cause: error });
}

// U+0000, or a UTF-16 surrogate without its other half.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * PostgreSQL refuses U+0000 in text, and a driver encodes a lone surrogate as U+FFFD: a value
 * would be stored (or looked up) altered. Such a parameter is refused before it is sent, as the
 * bug it is (the core never writes such text), so retrying never looks like it could help.
 */
export function unstorableParam(
  params: readonly unknown[] | undefined,
): PostgresStorageError | undefined {
  const at = params?.findIndex((p) => typeof p === 'string' && UNSTORABLE.test(p)) ?? -1;
  if (at < 0) return undefined;
  return new PostgresStorageError(
    `parameter $${at + 1} holds U+0000 or a lone surrogate, which PostgreSQL cannot store as given`,
    '22021',
  );
}
