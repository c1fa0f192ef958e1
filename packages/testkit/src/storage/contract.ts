// The contract every `Storage` adapter passes (DESIGN §8, §11): every rule of the Storage doc
// comment in packages/core/src/ports/storage.ts, checked through the port and, for what was
// really stored, through a direct-read `inspect` hook that bypasses the port.
import type { Storage } from '@apexproof/core';
import { beforeAll, beforeEach, describe } from 'vitest';
import { checkLogCases } from './check-log.js';
import { claimCases } from './claims.js';
import { concurrencyCases, serialCases } from './concurrency.js';
import { emailOtpCases } from './email-otp.js';
import { eventOutboxCases } from './events.js';
import type { ContractContext, StorageInspector } from './fixtures.js';
import { pendingClaimCases } from './pending-claims.js';
import { queryCases } from './queries.js';
import { recordCases } from './records.js';
import { releaseCases } from './release.js';
import { removalCases } from './removal.js';
import { ruleCases } from './rules.js';
import { textCases } from './text.js';
import { uniquenessCases } from './uniqueness.js';

export type { StorageInspector } from './fixtures.js';

/**
 * How `storageContract` reaches the storage under test: a factory, a reset between cases, and an
 * `inspect` hook that reads the stored rows without the port (the suite checks what was really
 * written through it).
 */
export interface StorageContractOptions {
  /** Suite name, e.g. 'postgres (PGlite)'. */
  readonly name: string;
  /** Called once per suite; the same storage serves every case. */
  readonly create: () => Storage | Promise<Storage>;
  /** Empties every table; runs before each case. */
  readonly reset: () => Promise<void> | void;
  /** Direct reads of the stored rows, bypassing the port. */
  readonly inspect: StorageInspector;
  /** A reason to skip the whole suite (e.g. no server available), or false. */
  readonly skip?: string | false;
  /**
   * Whether two transactions can really be open at once (true for a PostgreSQL server behind a
   * pool; false for PGlite and the memory storage, which run one transaction at a time). Only
   * then do the overlapping-transaction cases run; a serial storage is instead checked to be
   * serial, and the overlapping cases are left out of its report rather than listed as skipped.
   */
  readonly concurrency?: { readonly parallel: boolean };
  /** Runs of the round-trip property (default 20). */
  readonly propertyRuns?: number;
}

/**
 * Registers the Storage contract suite for one adapter configuration.
 *
 * What a storage must keep exactly: any well-formed Unicode text without U+0000 (PostgreSQL
 * cannot store NUL; text with U+0000 or a lone surrogate may be refused, never altered — the
 * core never writes such text), instants to the millisecond, counters (`version`, `attempts`,
 * `consecutiveMisses`) as non-negative 32-bit integers, and JSON values as JSON.parse returns
 * them.
 */
export function storageContract(options: StorageContractOptions): void {
  const suite = options.skip ? describe.skip : describe;
  const title = options.skip ? `${options.name} (skipped: ${options.skip})` : options.name;
  const parallel = options.concurrency?.parallel ?? false;

  suite(`Storage contract: ${title}`, () => {
    let storage: Storage | undefined;
    const ctx: ContractContext = {
      storage: () => {
        if (!storage) throw new Error('storageContract: create() has not run');
        return storage;
      },
      inspect: options.inspect,
      parallel,
      propertyRuns: options.propertyRuns ?? 20,
    };

    beforeAll(async () => {
      storage = await options.create();
    });
    beforeEach(async () => {
      await options.reset();
    });

    recordCases(ctx);
    queryCases(ctx);
    emailOtpCases(ctx);
    ruleCases(ctx);
    uniquenessCases(ctx);
    claimCases(ctx);
    pendingClaimCases(ctx);
    removalCases(ctx);
    textCases(ctx);
    eventOutboxCases(ctx);
    releaseCases(ctx);
    checkLogCases(ctx);
    if (parallel)
      describe('concurrency (parallel transactions)', () => {
        concurrencyCases(ctx);
      });
    // Not skipped but omitted: a serial storage cannot overlap transactions, so those cases do
    // not apply; the title says so in the report and the one case checks the claim.
    else
      describe('concurrency: serial storage (overlapping-transaction cases do not apply)', () => {
        serialCases(ctx);
      });
  });
}
