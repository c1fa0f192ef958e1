// The shape of one migration, apart from migrate.ts so the generated list and the runner both
// lean on it instead of on each other.

/**
 * One versioned schema migration: a `migrations/NNNN_name.sql` file of the package. Once applied it
 * must never change: its SHA-256 is recorded and `migrate` refuses a mismatch.
 */
export interface Migration {
  /** The NNNN prefix of the file name. */
  readonly version: number;
  /** The file name without `.sql`, e.g. `0001_init`. */
  readonly name: string;
  readonly sql: string;
}
