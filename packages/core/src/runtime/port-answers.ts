// What a host's port answers is held to the port's own rules before the core relies on it
// (DESIGN §8). A port may be buggy: resolve `undefined`, `[null]`, an object whose getters
// throw. Such an answer is a failure of that port — DIRECTORY_UNAVAILABLE (the guarded
// Directory rejects, and the core's edge turns a rejection into that error), a transient mail
// failure (retried, never parked, never "sent"), a `malformed` DNS failure — never a throw and
// never text a storage cannot hold.

import { plainData, storableText, wellFormedText } from '../model/storable.js';
import type { Actor, Directory, Organization } from '../ports/directory.js';
import type { DnsResolver } from '../ports/dns.js';
import type { Mailer, MailResult } from '../ports/mailer.js';
import { describeThrown } from './guards.js';

/** A Directory answer that breaks the port's rules; the edge reports DIRECTORY_UNAVAILABLE. */
export class DirectoryAnswerError extends Error {
  override readonly name = 'DirectoryAnswerError';
}

const broken = (what: string): never => {
  throw new DirectoryAnswerError(`the directory answered ${what}`);
};

/** `organization()`: `null`, or `{ id, name, scheduledForDeletion }` with storable text. */
export function conformingOrganization(value: unknown, askedId: string): Organization | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return broken(`a ${typeof value} for organization ${askedId}`);
  const { id, name, scheduledForDeletion } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof scheduledForDeletion !== 'boolean')
    return broken(`an organization without a string name and a boolean scheduledForDeletion`);
  // The id is the one asked for: a directory cannot move an organization to another id.
  return {
    id: typeof id === 'string' && id === askedId ? id : askedId,
    name: storableText(name),
    scheduledForDeletion,
  };
}

/** `ownerEmails()`: an array of strings, made storable. */
export function conformingOwnerEmails(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return broken(`owner e-mails that are not an array`);
  const emails = [...value];
  if (!emails.every((e) => typeof e === 'string'))
    return broken(`owner e-mails that are not all strings`);
  return emails.map(storableText);
}

/** `role()`: a role name or `null`. */
export function conformingRole(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return broken(`a role that is a ${typeof value}`);
  return value;
}

/** `canBypass()`: exactly `true` grants; any other answer is a broken port. */
export function conformingCanBypass(value: unknown): boolean {
  if (typeof value !== 'boolean') return broken(`a canBypass answer that is a ${typeof value}`);
  return value;
}

/** Runs `read` so that a throwing getter or Proxy trap is a broken answer, not a crash. */
function reading<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof DirectoryAnswerError) throw e;
    throw new DirectoryAnswerError(`an answer that could not be read: ${describeThrown(e)}`);
  }
}

export function guardDirectory(directory: Directory): Directory {
  return {
    organization: async (id) => {
      const value = await directory.organization(id);
      return reading(() => conformingOrganization(value, id));
    },
    role: async (organizationId, userId) => {
      const value = await directory.role(organizationId, userId);
      return reading(() => conformingRole(value));
    },
    ownerEmails: async (organizationId) => {
      const value = await directory.ownerEmails(organizationId);
      return reading(() => conformingOwnerEmails(value));
    },
    canBypass: async (actor: Actor) => {
      const value = await directory.canBypass(actor);
      return reading(() => conformingCanBypass(value));
    },
  };
}

const transient = (detail: string): MailResult => ({ ok: false, transient: true, detail });

/**
 * A Mailer answer as the core relies on it: `ok: true` exactly is "sent"; a failure must say
 * `transient` as a boolean. Anything else — `undefined`, `{}`, `"ok"`, `{ ok: 'yes' }`, a
 * failure without `transient` — is passing trouble: retried, never parked, never recorded sent.
 */
export function conformingMailResult(value: unknown): MailResult {
  try {
    if (typeof value !== 'object' || value === null)
      return transient(`the mailer answered ${value === null ? 'null' : typeof value}`);
    const v = value as Record<string, unknown>;
    if (v.ok === true) return { ok: true };
    if (v.ok !== false) return transient('the mailer answered without a boolean ok');
    if (typeof v.transient !== 'boolean')
      return transient('the mailer answered a failure without a boolean transient');
    const detail = typeof v.detail === 'string' ? storableText(v.detail) : '';
    const code = typeof v.code === 'number' ? v.code : undefined;
    return {
      ok: false,
      transient: v.transient,
      detail: detail || 'the mailer gave no detail',
      ...(code === undefined ? {} : { code }),
    };
  } catch (e) {
    return transient(`the mailer answered something unreadable: ${describeThrown(e)}`);
  }
}

export function guardMailer(mailer: Mailer): Mailer {
  return {
    send: async (mail) => {
      try {
        return conformingMailResult(await mailer.send(mail));
      } catch (e) {
        return transient(describeThrown(e));
      }
    },
  };
}

/**
 * A resolver answer copied into plain data with storable text, reading each field once; a
 * getter or Proxy trap that throws makes the answer `malformed` (DNS_LOOKUP_FAILED upstream),
 * which releases a verify lock instead of leaving the challenge `verifying`.
 */
function plainAnswer(value: unknown): unknown {
  try {
    return plainData(value ?? null, wellFormedText);
  } catch (e) {
    return {
      ok: false,
      failures: [
        {
          kind: 'malformed',
          resolver: 'unknown',
          detail: `unreadable answer: ${describeThrown(e)}`,
        },
      ],
    };
  }
}

export function guardDns(dns: DnsResolver): DnsResolver {
  return {
    txt: async (name) =>
      plainAnswer(await dns.txt(name)) as Awaited<ReturnType<DnsResolver['txt']>>,
    ns: async (name) => plainAnswer(await dns.ns(name)) as Awaited<ReturnType<DnsResolver['ns']>>,
  };
}
