// Versioned schema migrations. The SQL lives in migrations/NNNN_name.sql and is embedded in
// migrations.generated.ts (no file system needed at run time). migrate() applies the missing
// ones in order, in one transaction, under an advisory lock, and records them.
import { requireSqlClient, type SqlClient, type SqlQueryable } from './client.js';
import type { Migration } from './migration.js';
import { MIGRATIONS } from './migrations.generated.js';

export type { Migration } from './migration.js';

/** What `migrate` answers, by migration name. */
export interface MigrateResult {
  /** Names of the migrations this call applied, in order (empty when up to date). */
  readonly applied: string[];
  /** Names of every migration the database has now. */
  readonly current: string[];
}

/** Raised when a migration fails or an applied one no longer matches its recorded checksum. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

// Any constant works; it only has to be the same in every process that migrates.
const LOCK_KEY = 'apexproof:migrate';

/**
 * Brings the schema up to date. Safe to call on every start, twice, or from several processes
 * at once: they queue on a transaction-scoped advisory lock and the later ones find nothing to
 * do. Rejects with a MigrationError (nothing applied) if a statement fails.
 */
export async function migrate(
  client: SqlClient,
  options: { migrations?: readonly Migration[] } = {},
): Promise<MigrateResult> {
  requireSqlClient(client, 'migrate(client)');
  const migrations = [...(options.migrations ?? MIGRATIONS)].sort((a, b) => a.version - b.version);
  const sums = await Promise.all(migrations.map((m) => checksum(m.sql)));
  try {
    return await client.transaction((q) => run(q, migrations, sums));
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migrate failed: ${reason}`, { cause: error });
  }
}

async function run(
  q: SqlQueryable,
  migrations: readonly Migration[],
  sums: readonly string[],
): Promise<MigrateResult> {
  await q.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))', [LOCK_KEY]);
  await q.query(
    `CREATE TABLE IF NOT EXISTS apexproof_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
  );
  const { rows } = await q.query('SELECT version, name, checksum FROM apexproof_migrations');
  const done = new Map(rows.map((row) => [Number(row.version), row]));
  const applied: string[] = [];
  for (const [i, migration] of migrations.entries()) {
    const sum = sums[i] as string;
    const recorded = done.get(migration.version);
    if (recorded) {
      if (recorded.checksum !== sum)
        throw new MigrationError(
          `migration ${migration.name} changed after it was applied (checksum mismatch)`,
        );
      continue;
    }
    await apply(q, migration);
    await q.query(
      'INSERT INTO apexproof_migrations (version, name, checksum) VALUES ($1::integer, $2::text, $3::text)',
      [migration.version, migration.name, sum],
    );
    applied.push(migration.name);
  }
  const current = [...done.values()].map((row) => String(row.name)).concat(applied);
  return { applied, current: current.sort() };
}

async function apply(q: SqlQueryable, migration: Migration): Promise<void> {
  for (const statement of splitStatements(migration.sql)) {
    try {
      await q.query(statement);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`migration ${migration.name} failed: ${reason}`, { cause: error });
    }
  }
}

async function checksum(sql: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sql));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Splits a script into statements at semicolons outside quotes, identifiers, comments and
 * dollar-quoted bodies (extended-protocol clients such as PGlite run one statement per query).
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const skipTo = (end: string, from: number) => {
    const at = sql.indexOf(end, from);
    return at < 0 ? sql.length : at + end.length;
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const rest = sql.slice(i, i + 2);
    if (rest === '--') i = skipTo('\n', i);
    else if (rest === '/*') i = skipTo('*/', i + 2);
    else if (ch === "'") i = skipQuoted(sql, i, "'");
    else if (ch === '"') i = skipQuoted(sql, i, '"');
    else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      i = tag ? skipTo(tag, i + tag.length) : i + 1;
    } else if (ch === ';') {
      statements.push(sql.slice(start, i));
      i += 1;
      start = i;
    } else i += 1;
  }
  statements.push(sql.slice(start));
  return statements.filter((s) => stripComments(s).trim().length > 0).map((s) => s.trim());
}

// A quoted string or identifier; a doubled quote is an escaped quote.
function skipQuoted(sql: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}

const stripComments = (s: string) => s.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
