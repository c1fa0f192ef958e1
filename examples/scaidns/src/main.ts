// `pnpm start`: the ScaiDNS validation API on 127.0.0.1 with in-memory adapters and the DNS
// sandbox.
import { createDeps, createServer } from './app.js';

const port = Number(process.env.PORT ?? 8080);
createServer(createDeps(), { sandbox: true }).listen(port, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${port}`;
  const as = "-H 'x-org-id: org_acme' -H 'x-user-id: alice' -H 'content-type: application/json'";
  console.log(`ScaiDNS example listening on ${base} (actor headers stand in for real auth)

# 1. create a zone (note id and validation.dns_record)
curl -s ${as} -d '{"name":"example.com"}' ${base}/api/v1/domains
# 2. publish the record in the sandbox zone, or delegate: PUT /sandbox/dns/ns
curl -s -X PUT ${as} -d '{"name":"_scaidns-verify.example.com","values":["<dns_record.value>"]}' ${base}/sandbox/dns/txt
# 3. check
curl -s -X POST ${as} ${base}/api/v1/domains/<id>/validation/check`);
});
