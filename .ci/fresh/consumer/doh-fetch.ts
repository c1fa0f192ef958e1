// A Node consumer compiled with the DOM lib and @types/node at once, handing undici's own
// fetch (and the global one) to the DoH resolver: both must fit `FetchLike`.
import { createDohResolver } from '@apexproof/doh';
import { createNodeFetch } from '@apexproof/doh/node';
import { fetch as undiciFetch } from 'undici';

createDohResolver({ fetch: undiciFetch });
createDohResolver({ fetch: globalThis.fetch });
createDohResolver({ fetch: createNodeFetch().fetch });
