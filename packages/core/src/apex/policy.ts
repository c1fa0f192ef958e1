/** How host names are accepted (DESIGN §3). Every field is optional; defaults in brackets. */
export interface ApexPolicy {
  /**
   * Internationalized names: refuse any `xn--` label; `single-script`: one script per label, no
   * whole-script confusables (`аррӏе.com`) and no characters imitating URL syntax or Latin
   * letters (`acme.co∕evil.com`, `g〇〇gle.com`); or allow any valid IDN [single-script].
   */
  readonly idn?: 'reject' | 'single-script' | 'allow';
  /** Names whose suffix is not on the Public Suffix List (the implicit `*` rule) [reject]. */
  readonly unknownSuffix?: 'reject' | 'allow';
  /** Extra public suffixes for internal zones and tests, e.g. `['test']` [none]. */
  readonly extraSuffixes?: readonly string[];
}

/** A normalized host: ASCII (A-labels), lowercase, no trailing dot; `unicode` is for display. */
export interface NormalizedHost {
  readonly host: string;
  readonly unicode: string;
}

export interface NormalizedApex extends NormalizedHost {
  /** The registrable domain (eTLD+1) the host belongs to. */
  readonly apex: string;
}
