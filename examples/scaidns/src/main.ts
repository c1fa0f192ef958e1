// `pnpm start`: the ScaiDNS validation API on 127.0.0.1 with in-memory adapters. ScaiDNS
// queries authoritative nameservers directly: `SCAIDNS_DNS=authoritative pnpm start` does the
// same (it needs the internet); by default the DNS sandbox stands in, so it runs offline.
import { createAuthoritativeResolver } from '@apexproof/authoritative';
import { createDeps, createServer } from './app.js';

const port = Number(process.env.PORT ?? 8080);
const authoritative = process.env.SCAIDNS_DNS === 'authoritative';
const options = authoritative ? { resolver: createAuthoritativeResolver() } : { sandbox: true };
createServer(createDeps(), options).listen(port, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${port}`;
  const as = "-H 'x-org-id: org_acme' -H 'x-user-id: alice' -H 'content-type: application/json'";
  const publish = authoritative
    ? '# 2. publish <dns_record> at your DNS provider (every nameserver of the zone must serve it)'
    : `# 2. publish the record in the sandbox zone, or delegate: PUT /sandbox/dns/ns
curl -s -X PUT ${as} -d '{"name":"_scaidns-verify.example.com","values":["<dns_record.value>"]}' ${base}/sandbox/dns/txt`;
  console.log(`ScaiDNS example listening on ${base} (actor headers stand in for real auth; DNS: ${authoritative ? 'authoritative servers' : 'sandbox'})

# 1. create a zone (note id and validation.dns_record)
curl -s ${as} -d '{"name":"example.com"}' ${base}/api/v1/domains
${publish}
# 3. check
curl -s -X POST ${as} ${base}/api/v1/domains/<id>/validation/check`);
});
