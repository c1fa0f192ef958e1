// The memory verify-check log (the rows verifyChallenge's rate limits count). Rows live in a
// `Table` indexed by organization, so counting reads one organization's recent checks and a
// rollback takes an appended check back, as for every other table.
import type { CheckLogRecord, StorageTx } from '@apexproof/core';
import type { Table } from './table.js';
import { byTime, copies, insertUnique } from './table-writes.js';

export function checkLogRepository(table: Table<CheckLogRecord>): StorageTx['checkLog'] {
  return {
    // Memory transactions run one at a time already: there is nothing left to serialize.
    lockOrganization: async () => {},
    append: async (row) => insertUnique(table, row, 'check log entry'),
    listSince: async (organizationId, since) =>
      copies(
        table
          .lookup('org', organizationId)
          .filter((e) => e.at >= since)
          .sort(byTime(table, (e) => e.at)),
      ),
    deleteBefore: async (organizationId, before) => {
      const old = table.lookup('org', organizationId).filter((e) => e.at < before);
      for (const e of old) table.put(e.id, undefined);
      return old.length;
    },
  };
}
