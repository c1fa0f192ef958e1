// A new, empty PGlite for a test file, without paying the WASM build's initdb each time: that
// boot takes 20–30 s on a loaded 2-core machine, loading an empty cluster's data directory a
// few. The first call in a test worker boots one PGlite from nothing and keeps a copy of its
// data directory (tests share the worker's modules); every database handed out starts from
// that copy, so each is exactly as empty as `new PGlite()` and shares nothing with the others.
import { PGlite } from '@electric-sql/pglite';

let emptyCluster: Promise<Blob> | undefined;

async function bootEmpty(): Promise<Blob> {
  const db = new PGlite();
  await db.waitReady;
  try {
    return await db.dumpDataDir('none');
  } finally {
    await db.close();
  }
}

/** A new PGlite on its own copy of an empty cluster; `waitReady` as with `new PGlite()`. */
export async function newPGlite(): Promise<PGlite> {
  emptyCluster ??= bootEmpty();
  return new PGlite({ loadDataDir: await emptyCluster });
}
