// A local DoH upstream for the runtime matrix (the doh tests' fake server): `wire` answers RFC
// 8484 queries, `json` the application/dns-json API, both with one TXT record. Prints the two
// URLs as one JSON line and serves until killed.
import { startFakeUpstreams, txtAnswer } from '../../packages/doh/test/support/fake-upstream.js';

const fakes = await startFakeUpstreams();
fakes.on('wire', txtAnswer([['from the', ' runtime']]));
fakes.on('json', (q, res) => {
  res.writeHead(200, { 'content-type': 'application/dns-json' });
  res.end(
    JSON.stringify({
      Status: 0,
      Question: [{ name: q.name, type: 16 }],
      Answer: [{ name: q.name, type: 16, data: '"from the json" " runtime"' }],
    }),
  );
});
console.log(JSON.stringify({ wire: fakes.url('wire'), json: fakes.url('json') }));
