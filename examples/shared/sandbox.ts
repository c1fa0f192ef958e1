// Demo only: there is no real DNS panel to edit, so the examples let a caller publish records
// in the in-memory zone over HTTP when started with `sandbox: true`. Never part of a deployment.
import type { MemoryDns } from '@apexproof/memory';
import { asObject, type HttpReply, type HttpRequest, type Route, route } from './http.js';

const strings = (value: unknown): string[] | null =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;

/**
 * `PUT /sandbox/dns/txt` `{ name, values }` and `PUT /sandbox/dns/ns` `{ name, values }` set a
 * record set; `bad` renders a refusal in the example's own error format.
 */
export function sandboxRoutes(dns: MemoryDns, bad: (problem: string) => HttpReply): Route[] {
  const setter = (set: (name: string, values: string[]) => void) => async (req: HttpRequest) => {
    const parsed = await req.json();
    const body = parsed.ok ? asObject(parsed.value) : null;
    const values = strings(body?.values);
    if (typeof body?.name !== 'string' || !values)
      return bad('expected { "name": string, "values": string[] }');
    set(body.name, values);
    return { status: 204 };
  };
  return [
    route(
      'PUT',
      '/sandbox/dns/txt',
      setter((name, values) => dns.setTxt(name, values)),
    ),
    route(
      'PUT',
      '/sandbox/dns/ns',
      setter((name, values) => dns.setNs(name, values)),
    ),
  ];
}
