// The ports every example runs on: all in memory, so `pnpm start` needs no database, DNS or
// mail server. A running example keeps real time (codes expire, resends wait, `verified_at` is
// now); tests pass a manual clock (or any other port) through `overrides`.
import { type Clock, systemClock } from '@apexproof/core';
import {
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
  type MemoryDirectory,
  type MemoryDns,
  type MemoryMailer,
  type MemoryOrganization,
  type MemoryStorage,
} from '@apexproof/memory';

export interface MemoryDeps {
  readonly storage: MemoryStorage;
  readonly dns: MemoryDns;
  readonly mailer: MemoryMailer;
  readonly directory: MemoryDirectory;
  readonly clock: Clock;
}

export function createMemoryDeps(
  directory: { organizations: readonly MemoryOrganization[]; bypassUsers?: readonly string[] },
  overrides: Partial<MemoryDeps> = {},
): MemoryDeps {
  return {
    storage: createMemoryStorage(),
    dns: createMemoryDns(),
    mailer: createMemoryMailer(),
    clock: systemClock,
    directory: createMemoryDirectory(directory),
    ...overrides,
  };
}
