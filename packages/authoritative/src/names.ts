// Names as the resolver handles them: lowercase, no trailing dot, the root as ''. Query names
// from the port are checked before any packet leaves; names read from responses are only
// canonicalised and compared.

const LABEL = /^[a-z0-9_-]{1,63}$/;

/** The canonical query name, or undefined when it cannot be asked (empty, too long, bad label). */
export function checkedName(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length > 254) return undefined;
  const lower = name.toLowerCase();
  const bare = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  if (bare.length === 0 || bare.length > 253) return undefined;
  return bare.split('.').every((label) => LABEL.test(label)) ? bare : undefined;
}

/** Lowercase without the trailing dot; the root is ''. */
export function canonical(name: string): string {
  const lower = name.toLowerCase();
  const bare = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  return bare === '.' ? '' : bare;
}

/** Whether `name` is `zone` or lies below it (every name lies below the root ''). */
export function isAtOrBelow(name: string, zone: string): boolean {
  return zone === '' || name === zone || name.endsWith(`.${zone}`);
}

/** The zone's name as people read it: the root is '.'. */
export const zoneLabel = (zone: string): string => (zone === '' ? '.' : zone);
