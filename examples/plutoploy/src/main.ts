// `pnpm start`: the Plutoploy dns-handling API on 127.0.0.1 with in-memory adapters and the
// DNS sandbox.
import { createDeps, createServer } from './app.js';

const port = Number(process.env.PORT ?? 8080);
createServer(createDeps(), { sandbox: true }).listen(port, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${port}`;
  const json = "-H 'content-type: application/json'";
  console.log(`Plutoploy example listening on ${base}

# 1. register a hostname (note id and dns_record)
curl -s ${json} -d '{"domain_name":"app.example.com"}' ${base}/domains
# 2. publish the token in the sandbox zone (a real user edits their DNS panel)
curl -s -X PUT ${json} -d '{"name":"_acme-challenge.app.example.com","values":["<verification_token>"]}' ${base}/sandbox/dns/txt
# 3. verify
curl -s -X POST ${base}/domains/<id>/verify`);
});
