// Caller arguments read once, as plain data, before any use case sees them. A host may pass a
// Proxy or an object whose getters throw (or change between reads); reading it inside a use
// case would throw synchronously, where the embedding guide promises a Result. A value that
// cannot be read is INVALID_INPUT; everything after works on the copy.
import { errAsync, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import { describeThrown } from './guards.js';

/** Nesting read into; deeper values are passed on as they are (no use case reads that deep). */
const MAX_DEPTH = 3;

function plain(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return Array.from(value, (item) => plain(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = plain((value as Record<string, unknown>)[key], depth + 1);
    // An own `__proto__` key (JSON.parse makes them) stays a key, never a prototype.
    Object.defineProperty(out, key, {
      value: item,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Copies of the arguments, or the INVALID_INPUT that reading them caused. */
export function readArguments(args: readonly unknown[]): unknown[] | ApexproofError {
  try {
    return args.map((arg) => plain(arg, 0));
  } catch (e) {
    return apexError('INVALID_INPUT', {
      field: 'input',
      problem: `could not be read: ${describeThrown(e).slice(0, 200)}`,
    });
  }
}

type UseCase = (...args: unknown[]) => ResultAsync<unknown, ApexproofError>;

/** The use cases, each reading its arguments through `readArguments` first; frozen. */
export function shielded<T extends object>(api: T): T {
  const out: Record<string, UseCase> = {};
  for (const [name, useCase] of Object.entries(api) as [string, UseCase][])
    out[name] = (...args: unknown[]) => {
      const read = readArguments(args);
      return Array.isArray(read) ? useCase(...read) : errAsync(read);
    };
  return Object.freeze(out) as T;
}
