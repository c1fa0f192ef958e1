// For the examples' tests that run on real authoritative servers: the NSD hierarchy of
// @apexproof/authoritative's tests (started per test file) and a resolver pointed at it, with
// short timeouts so a silent server fails fast.
import { createAuthoritativeResolver } from '@apexproof/authoritative';
import { useHierarchy } from '../../packages/authoritative/test/support/use-hierarchy.js';

export { ADDRESSES } from '../../packages/authoritative/test/support/hierarchy.js';

export function useAuthoritative(label: string) {
  const { suite, current } = useHierarchy(label);
  const resolver = () => {
    const h = current();
    return createAuthoritativeResolver({
      roots: h.roots,
      port: h.port,
      timeoutMs: 300,
      attempts: 1,
    });
  };
  return { suite, current, resolver };
}
