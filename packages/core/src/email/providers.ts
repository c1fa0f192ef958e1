// The free and disposable mail-provider list (DESIGN §4), vendored by
// scripts/vendor-email-providers.ts. It is about a megabyte, so it is loaded on first use
// through a dynamic import: bundlers put it in a chunk of its own, and a host that never starts
// an e-mail challenge never loads it.
import { okAsync, ResultAsync } from 'neverthrow';

/**
 * Adjustments to the vendored list of free and disposable mail providers
 * (`policy.emailOtp.providers`, `isFreeProvider`). Compared ignoring case; `remove` wins over
 * `add`.
 */
export interface ProviderPolicy {
  /** Extra domains to refuse. */
  readonly add?: readonly string[];
  /** Domains to accept although the vendored list names them. */
  readonly remove?: readonly string[];
}

let list: ReadonlySet<string> | null | undefined;
let loading: Promise<ReadonlySet<string> | null> | undefined;

/** Loads the vendored list once; null when it could not be loaded (a failed chunk). */
export function loadEmailProviders(): Promise<ReadonlySet<string> | null> {
  loading ??= import('./providers.generated.js').then(
    (module) => {
      list = new Set(module.EMAIL_PROVIDER_DOMAINS.split('\n'));
      return list;
    },
    () => {
      loading = undefined; // try again next time
      return null;
    },
  );
  return loading;
}

/** For a use case's chain: resolves once the list is loaded (or known unavailable). */
export const emailProvidersLoaded = (): ResultAsync<unknown, never> =>
  list !== undefined && list !== null
    ? okAsync(list)
    : ResultAsync.fromSafePromise(loadEmailProviders());

/** The loaded list, or undefined before `loadEmailProviders` resolved. */
export const loadedEmailProviders = (): ReadonlySet<string> | undefined => list ?? undefined;

/** Whether `domain` is refused as a provider by `providers` adjusted by `policy`. */
export function isListedProvider(
  domain: string,
  policy: ProviderPolicy,
  providers: ReadonlySet<string>,
): boolean {
  const lower = domain.toLowerCase();
  if (policy.remove?.some((d) => d.toLowerCase() === lower)) return false;
  return providers.has(lower) || (policy.add?.some((d) => d.toLowerCase() === lower) ?? false);
}

/** Whether `domain` is a free or disposable mail provider (the vendored list, adjusted). */
export async function isFreeProvider(
  domain: string,
  policy: ProviderPolicy = {},
): Promise<boolean> {
  const providers = await loadEmailProviders();
  // Fail closed: without the list, every domain counts as a provider.
  return providers === null ? true : isListedProvider(domain, policy, providers);
}
