// Fault injection: how driver errors become port answers, and what the client helpers do with
// connections. Fakes stand in for the driver only where a real server cannot be made to fail
// on cue (a serialization failure at COMMIT, a particular SQLSTATE).
import { EventEmitter } from 'node:events';
import { isStorageConflict, type StorageTx } from '@apexproof/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../src/errors.js';
import {
  createPostgresStorage,
  fromPGlite,
  fromPgPool,
  type PgPoolClientLike,
  PostgresStorageError,
  type SqlClient,
  type SqlResult,
} from '../src/index.js';

const dbError = (code: string, message = `failed with ${code}`) =>
  Object.assign(new Error(message), { code });

interface Script {
  connect?: () => void;
  query?: (text: string) => SqlResult | undefined;
  commit?: () => void;
}

/** A SqlClient that logs what it ran and fails where the script says. */
function fakeClient(script: Script = {}): SqlClient & { log: string[] } {
  const log: string[] = [];
  const query = async (text: string) => {
    log.push(text.split(/\s+/)[0] ?? '');
    return script.query?.(text) ?? { rows: [] };
  };
  return {
    log,
    query,
    async transaction(fn) {
      script.connect?.();
      log.push('BEGIN');
      try {
        const value = await fn({ query });
        script.commit?.();
        log.push('COMMIT');
        return value;
      } catch (error) {
        log.push('ROLLBACK');
        throw error;
      }
    },
  };
}

const getDomain = (tx: StorageTx) => tx.domains.get('d1');

describe('transaction outcomes for driver errors', () => {
  it('answers conflict for a serialization failure at COMMIT', async () => {
    const client = fakeClient({
      commit: () => {
        throw dbError('40001', 'could not serialize access');
      },
    });
    const result = await createPostgresStorage({ client }).transaction(getDomain);
    expect(result).toMatchObject({ ok: false, reason: 'conflict' });
    expect((result as { detail: string }).detail).toContain('40001');
  });

  it.each([
    ['a deadlock', '40P01'],
    ['a unique violation', '23505'],
    ['a lock timeout', '55P03'],
  ])('throws StorageConflictError from the repository for %s', async (_, code) => {
    const client = fakeClient({
      query: () => {
        throw dbError(code);
      },
    });
    let thrown: unknown;
    const result = await createPostgresStorage({ client }).transaction(async (tx) => {
      try {
        return await getDomain(tx);
      } catch (error) {
        thrown = error;
        throw error;
      }
    });
    expect(isStorageConflict(thrown)).toBe(true);
    expect(result).toMatchObject({ ok: false, reason: 'conflict' });
  });

  it('rolls back and answers conflict even if fn swallows the conflict and resolves', async () => {
    let calls = 0;
    const client = fakeClient({
      query: () => {
        calls++;
        throw dbError('23505');
      },
    });
    const result = await createPostgresStorage({ client }).transaction(async (tx) => {
      await getDomain(tx).catch(() => undefined);
      // The database transaction is aborted: later statements fail without a round trip.
      await expect(tx.domains.get('d2')).rejects.toSatisfy(isStorageConflict);
      return 'pretend all is well';
    });
    expect(result).toMatchObject({ ok: false, reason: 'conflict' });
    expect(calls).toBe(1);
    expect(client.log).toEqual(['BEGIN', 'SELECT', 'ROLLBACK']);
  });

  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    [
      'an aggregate of refused connections',
      new AggregateError([
        Object.assign(new Error('a'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('b'), { code: 'ETIMEDOUT' }),
      ]),
    ],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['too many connections', dbError('53300')],
  ])('answers unavailable for %s', async (_, error) => {
    const client = fakeClient({
      connect: () => {
        throw error;
      },
    });
    const result = await createPostgresStorage({ client }).transaction(getDomain);
    expect(result).toMatchObject({ ok: false, reason: 'unavailable' });
  });

  it.each([
    ['an administrator shutdown', '57P01', /57P01/],
    ['a missing table', '42P01', /migrate/],
  ])('answers unavailable for %s during a statement', async (_, code, detail) => {
    const client = fakeClient({
      query: () => {
        throw dbError(code);
      },
    });
    const result = await createPostgresStorage({ client }).transaction(getDomain);
    expect(result).toMatchObject({ ok: false, reason: 'unavailable' });
    expect((result as { detail: string }).detail).toMatch(detail);
  });

  it('rejects with a PostgresStorageError, never the raw driver error, for a bug', async () => {
    const raw = dbError('22P02', 'invalid input syntax for type integer');
    const client = fakeClient({
      query: () => {
        throw raw;
      },
    });
    const failure = await createPostgresStorage({ client })
      .transaction(getDomain)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PostgresStorageError);
    expect(failure).not.toBe(raw);
    expect(failure).toMatchObject({ name: 'PostgresStorageError', sqlState: '22P02', cause: raw });
  });

  it('answers unavailable when COMMIT fails for an unknown reason', async () => {
    const client = fakeClient({
      commit: () => {
        throw new Error('something odd');
      },
    });
    const result = await createPostgresStorage({ client }).transaction(getDomain);
    expect(result).toMatchObject({ ok: false, reason: 'unavailable' });
  });
});

describe('classify', () => {
  it('sorts any SQLSTATE into exactly one kind, conflicts only for the retryable ones', () => {
    const state = fc.string({
      unit: fc.constantFrom(...'0123456789ABCDEFPZ'),
      minLength: 5,
      maxLength: 5,
    });
    fc.assert(
      fc.property(state, (code) => {
        const kind = classify(dbError(code));
        expect(kind === 'conflict').toBe(
          ['23503', '23505', '23P01', '40001', '40P01', '55P03'].includes(code),
        );
        if (code.startsWith('08')) expect(kind).toBe('unavailable');
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(['conflict', 'unavailable', 'other']).toContain(classify(value));
      }),
    );
  });
});

/** A pg PoolClient stand-in that records queries and how it was released. */
class FakePgClient extends EventEmitter implements PgPoolClientLike {
  readonly queries: string[] = [];
  released: boolean | Error | undefined = undefined;
  failOn: string | undefined;
  async query(text: string) {
    this.queries.push(text);
    if (this.failOn && text.startsWith(this.failOn)) throw new Error(`${this.failOn} failed`);
    return { rows: [{ n: 1 }], rowCount: 1 };
  }
  release(destroy?: boolean | Error) {
    this.released = destroy;
  }
}

describe('fromPgPool', () => {
  const poolOf = (connection: FakePgClient) =>
    fromPgPool({ connect: async () => connection, query: (t) => connection.query(t) });

  it('runs fn between BEGIN (READ COMMITTED) and COMMIT on one connection and releases it', async () => {
    const connection = new FakePgClient();
    const value = await poolOf(connection).transaction((q) => q.query('SELECT 1', ['x']));
    expect(value).toEqual({ rows: [{ n: 1 }], rowCount: 1 });
    expect(connection.queries).toEqual([
      'BEGIN ISOLATION LEVEL READ COMMITTED',
      'SELECT 1',
      'COMMIT',
    ]);
    expect(connection.released).toBe(false);
    // One guard per client for its whole life, never one more per transaction.
    await poolOf(connection).transaction((q) => q.query('SELECT 1'));
    expect(connection.listenerCount('error')).toBe(1);
  });

  it('rolls back, releases and rejects with fn’s own error', async () => {
    const connection = new FakePgClient();
    const boom = new Error('boom');
    await expect(
      poolOf(connection).transaction(async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(connection.queries).toEqual(['BEGIN ISOLATION LEVEL READ COMMITTED', 'ROLLBACK']);
    expect(connection.released).toBe(false);
  });

  it('destroys a connection that failed (socket error or failed ROLLBACK)', async () => {
    const connection = new FakePgClient();
    connection.failOn = 'ROLLBACK';
    const boom = new Error('boom');
    await expect(
      poolOf(connection).transaction(async () => {
        connection.emit('error', new Error('socket hang up')); // must not crash the process
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(connection.released).toBeInstanceOf(Error);
  });
});

describe('fromPGlite', () => {
  it('runs fn on the transaction object and reports affected rows as rowCount', async () => {
    const seen: string[] = [];
    const tx = {
      query: async (text: string) => {
        seen.push(`tx:${text}`);
        return { rows: [], affectedRows: 3 };
      },
    };
    const client = fromPGlite({
      query: async () => ({ rows: [] }),
      transaction: (fn) => fn(tx),
    });
    const result = await client.transaction((q) => q.query('UPDATE t SET v = 1'));
    expect(result).toEqual({ rows: [], rowCount: 3 });
    expect(seen).toEqual(['tx:UPDATE t SET v = 1']);
  });
});
