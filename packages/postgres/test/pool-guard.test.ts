// fromPgPool and the moment pg-pool hands a client out: an 'error' emitted before the
// `connect()` promise settles (an ErrorResponse read in the same chunk as ReadyForQuery) must
// never reach an empty listener list, which would kill the process. And a raw pg.Pool given
// where a SqlClient belongs gets an error that names fromPgPool.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createPostgresStorage,
  fromPgPool,
  MigrationError,
  migrate,
  type PgPoolClientLike,
} from '../src/index.js';

class FakeClient extends EventEmitter implements PgPoolClientLike {
  readonly queries: string[] = [];
  released: boolean | Error | undefined;
  async query(text: string) {
    this.queries.push(text);
    return { rows: [], rowCount: 0 };
  }
  release(destroy?: boolean | Error) {
    this.released = destroy;
  }
}

/** A pool that behaves like pg-pool: 'acquire', then the socket error, then the promise. */
class FakePool extends EventEmitter {
  constructor(private readonly client: FakeClient) {
    super();
  }
  connect(): Promise<PgPoolClientLike> {
    this.emit('acquire', this.client);
    const handed = Promise.resolve(this.client);
    // Same tick as the hand-out: no `await` continuation has run yet.
    this.client.emit(
      'error',
      Object.assign(new Error('terminating connection'), { code: '57P01' }),
    );
    return handed;
  }
  query() {
    return Promise.resolve({ rows: [], rowCount: 0 });
  }
}

describe('fromPgPool guards a client from the moment it is handed out', () => {
  it('survives an error emitted before connect() settles, and destroys that client', async () => {
    const client = new FakeClient();
    const pool = new FakePool(client);
    const sql = fromPgPool(pool);
    await sql.transaction((q) => q.query('SELECT 1'));
    expect(client.released).toBeInstanceOf(Error);
    expect((client.released as Error).message).toContain('terminating');
  });

  it('hooks a pool once, however many clients are built on it', () => {
    const pool = new FakePool(new FakeClient());
    for (let i = 0; i < 20; i++) fromPgPool(pool);
    expect(pool.listenerCount('acquire')).toBe(1);
  });
});

describe('a raw pg.Pool where a SqlClient belongs', () => {
  const pool = new pg.Pool({ host: '127.0.0.1', port: 1, max: 1 });

  it('createPostgresStorage names fromPgPool', () => {
    expect(() => createPostgresStorage({ client: pool as never })).toThrow(/fromPgPool\(pool\)/);
  });

  it('migrate names fromPgPool and touches nothing', async () => {
    const failure = await migrate(pool as never).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure).not.toBeInstanceOf(MigrationError);
    expect(String(failure)).toMatch(/fromPgPool\(pool\)/);
  });

  it('fromPgPool refuses what is not a pool', () => {
    expect(() => fromPgPool({} as never)).toThrow(/node-postgres Pool/);
  });
});
