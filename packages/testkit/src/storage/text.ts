// Storage contract: text a storage cannot hold. PostgreSQL refuses U+0000 in text and jsonb and
// lone surrogates in jsonb, and a driver would silently turn a lone surrogate in text into
// U+FFFD. The core never hands a storage such text (it refuses caller input with INVALID_INPUT
// and makes port text storable), so this is the storage's side of the rule: every text and JSON
// column either keeps such a value exactly, or the write is refused — the transaction rejects,
// nothing is written — and never answered as an outage or a conflict (retrying cannot help),
// never stored altered.
import type { StorageTx } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import {
  auditEvent,
  type ContractContext,
  challenge,
  domain,
  evidence,
  outboxEvent,
  outboxMessage,
  pattern,
  snapshot,
  uid,
} from './fixtures.js';

const BAD = [
  ['U+0000', '\u0000'],
  ['a lone high surrogate', '\uD800'],
  ['a lone low surrogate', '\uDC00'],
] as const;

type Table = 'challenges' | 'domains' | 'patterns' | 'evidence' | 'outbox' | 'audit' | 'events';
interface Case {
  readonly table: Table;
  readonly field: string;
  /** Writes one row whose `field` holds `text` (after any row it needs); answers its id. */
  readonly write: (tx: StorageTx, text: string) => Promise<string>;
}

const t = (s: string) => `x${s}y`;
const text = (table: Table, field: string, write: Case['write']): Case => ({ table, field, write });

const CASES: readonly Case[] = [
  ...[
    'organizationId',
    'subject',
    'token',
    'recordName',
    'recordValue',
    'email',
    'codeHash',
    'lastFailure',
    'createdBy',
  ].map((field) =>
    text('challenges', field, async (tx, s) => {
      const row = challenge({ [field]: t(s) });
      await tx.challenges.insert(row);
      return row.id;
    }),
  ),
  ...['organizationId', 'subject', 'recordName', 'recordValue'].map((field) =>
    text('domains', field, async (tx, s) => {
      const row = domain({ subject: uid('s'), [field]: t(s) });
      await tx.domains.insert(row);
      return row.id;
    }),
  ),
  ...['host', 'pathPrefix', 'createdBy'].map((field) =>
    text('patterns', field, async (tx, s) => {
      const d = domain({ subject: uid('s') });
      await tx.domains.insert(d);
      const row = pattern({ domainId: d.id, [field]: t(s) });
      await tx.patterns.insert(row);
      return row.id;
    }),
  ),
  ...['subject', 'recordName', 'actorUserId', 'reason'].map((field) =>
    text('evidence', field, async (tx, s) => {
      const row = evidence({ [field]: t(s) });
      await tx.evidence.append(row);
      return row.id;
    }),
  ),
  text('evidence', 'valuesSeen (JSON)', async (tx, s) => {
    const row = evidence({ valuesSeen: [t(s)] });
    await tx.evidence.append(row);
    return row.id;
  }),
  text('evidence', 'resolvers (JSON)', async (tx, s) => {
    const row = evidence({ resolvers: [t(s)] });
    await tx.evidence.append(row);
    return row.id;
  }),
  ...['to', 'subject', 'text', 'html', 'lastError'].map((field) =>
    text('outbox', field, async (tx, s) => {
      const row = outboxMessage({ [field]: t(s) });
      await tx.outbox.append(row);
      return row.id;
    }),
  ),
  ...['actorUserId', 'subject'].map((field) =>
    text('audit', field, async (tx, s) => {
      const row = auditEvent({ [field]: t(s) });
      await tx.audit.append(row);
      return row.id;
    }),
  ),
  text('audit', 'details (JSON value)', async (tx, s) => {
    const row = auditEvent({ details: { reason: t(s) } });
    await tx.audit.append(row);
    return row.id;
  }),
  text('audit', 'details (JSON key)', async (tx, s) => {
    const row = auditEvent({ details: { [t(s)]: 1 } });
    await tx.audit.append(row);
    return row.id;
  }),
  ...['organizationId', 'subject', 'lastError'].map((field) =>
    text('events', field, async (tx, s) => {
      const row = outboxEvent({ [field]: t(s) });
      await tx.events.append(row);
      return row.id;
    }),
  ),
  text('events', 'event (JSON)', async (tx, s) => {
    const base = outboxEvent();
    const row = { ...base, event: { ...base.event, subject: t(s) } };
    await tx.events.append(row);
    return row.id;
  }),
];

export function textCases(ctx: ContractContext): void {
  describe('text a storage cannot hold', () => {
    for (const c of CASES)
      for (const [what, s] of BAD)
        it(`${c.table}.${c.field} with ${what}: kept exactly or refused, never altered`, async () => {
          const before = await snapshot(ctx.inspect);
          let id = '';
          const outcome = await ctx
            .storage()
            .transaction(async (tx) => {
              id = await c.write(tx, s);
              return 'written';
            })
            .then(
              (result) => result,
              () => 'refused' as const,
            );
          if (outcome === 'refused') {
            expect(await snapshot(ctx.inspect)).toStrictEqual(before);
            return;
          }
          // Never an outage or a conflict: trying again would fail the same way.
          expect(outcome).toEqual({ ok: true, value: 'written' });
          const rows = (await ctx.inspect[c.table]()) as unknown as { id: string }[];
          const row = rows.find((r) => r.id === id);
          expect(JSON.stringify(row), 'the value as stored').toContain(
            JSON.stringify(t(s)).slice(1, -1),
          );
        });
  });
}
