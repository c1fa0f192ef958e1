export {
  fromPGlite,
  fromPgPool,
  type PGliteLike,
  type PGliteQueryableLike,
  type PgPoolClientLike,
  type PgPoolLike,
  type SqlClient,
  type SqlQueryable,
  type SqlResult,
} from './client.js';
export { PostgresStorageError } from './errors.js';
export {
  type MigrateResult,
  type Migration,
  MigrationError,
  migrate,
  splitStatements,
} from './migrate.js';
export { MIGRATIONS } from './migrations.generated.js';
export { createPostgresStorage, type PostgresStorageOptions } from './storage.js';
export { TABLE_NAMES } from './tables.js';
