// A real better-auth instance for the tests: email/password sign-up, the organization plugin
// and the apexproof plugin, driven through `auth.handler` with real Requests. Node 20 has no
// `node:sqlite` (better-auth's own test helper needs it), so the instance is built directly on
// better-auth's memory adapter (its own tables) or on a pg Pool; apexproof keeps its own storage.
import type { DnsResolver, EventSink, Mailer, OutgoingMail, Storage } from '@apexproof/core';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { createAuthClient } from 'better-auth/client';
import { organizationClient } from 'better-auth/client/plugins';
import { organization } from 'better-auth/plugins';
import type { Pool } from 'pg';
import { apexproofClient } from '../../src/client.js';
import { type ApexproofPluginOptions, apexproof } from '../../src/index.js';

export const BASE_URL = 'http://127.0.0.1:4000';
const SECRET = 'apexproof-better-auth-tests-secret-0123456789';

export interface TestAuthOptions {
  readonly storage: Storage;
  readonly dns: DnsResolver;
  readonly sendEmail?: (mail: OutgoingMail) => Promise<void>;
  readonly mailer?: Mailer;
  readonly events?: EventSink;
  /** A pg Pool for better-auth's own tables; without it, better-auth's memory adapter. */
  readonly pool?: Pool;
  readonly plugin?: Partial<ApexproofPluginOptions>;
  readonly rateLimit?: boolean;
}

/** better-auth's memory adapter needs every model's table to exist. */
const memoryTables = () =>
  Object.fromEntries(
    ['user', 'session', 'account', 'verification', 'organization', 'member', 'invitation'].map(
      (model) => [model, [] as Record<string, unknown>[]],
    ),
  );

export function buildAuth(options: TestAuthOptions) {
  return betterAuth({
    baseURL: BASE_URL,
    secret: SECRET,
    database: options.pool ?? memoryAdapter(memoryTables()),
    emailAndPassword: { enabled: true },
    rateLimit: { enabled: options.rateLimit ?? false, storage: 'memory' },
    telemetry: { enabled: false },
    logger: { disabled: true },
    plugins: [
      organization(),
      apexproof({
        storage: options.storage,
        dns: options.dns,
        ...(options.sendEmail ? { sendEmail: options.sendEmail } : {}),
        ...(options.mailer ? { mailer: options.mailer } : {}),
        ...(options.events ? { events: options.events } : {}),
        ...options.plugin,
      }),
    ],
  });
}

export type TestAuth = ReturnType<typeof buildAuth>;

/**
 * A better-auth client whose requests go to `auth.handler` as real Requests, with a cookie jar
 * of its own (one signed-in user per client), as a browser on the app's origin would send them.
 */
export function clientFor(auth: TestAuth): TestClient {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const customFetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    headers.set('origin', BASE_URL);
    if (jar.size > 0) headers.set('cookie', cookie());
    const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.text();
    const response = await auth.handler(
      new Request(request.url, { method: request.method, headers, body }),
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  const client = newClient(customFetchImpl);
  // The client is a Proxy that answers every property with an action: keep the jar aside.
  jars.set(client, () => ({ cookie: cookie(), origin: BASE_URL }));
  return client;
}

function newClient(
  customFetchImpl: (input: string | URL | Request, init?: RequestInit) => Promise<Response>,
) {
  return createAuthClient({
    baseURL: BASE_URL,
    plugins: [organizationClient(), apexproofClient()],
    fetchOptions: { customFetchImpl },
  });
}

export type TestClient = ReturnType<typeof newClient>;
const jars = new WeakMap<TestClient, () => Record<string, string>>();

/** The client's session cookie as request headers, for `auth.api.*` calls made for its user. */
export function headersOf(client: TestClient): Record<string, string> {
  const headers = jars.get(client);
  if (!headers) throw new Error('not a test client');
  return headers();
}

/** Signs a user up (and in) through the client. */
export async function signUp(client: TestClient, name: string) {
  const email = `${name.toLowerCase()}@users.example`;
  const { data, error } = await client.signUp.email({ email, password: 'a long password 1', name });
  if (error || !data) throw new Error(`sign-up of ${name} failed: ${JSON.stringify(error)}`);
  return { id: data.user.id, email };
}

/** Creates an organization through the client (it becomes the active one). */
export async function createOrganization(client: TestClient, name: string) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const { data, error } = await client.organization.create({ name, slug });
  if (error || !data) throw new Error(`creating ${name} failed: ${JSON.stringify(error)}`);
  return data.id;
}
