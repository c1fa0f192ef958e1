// For the examples' tests: every response of an operation a seed documents is checked against
// the seed's own OpenAPI schema (vendored by scripts/vendor-openapi.mjs) with a real JSON-schema
// validator. OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 ones are draft-07 plus `nullable`,
// which Ajv understands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives as the module or as the function.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components?: unknown;
}
interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

export function loadOpenApi(name: string): OpenApiDocument {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'openapi', `${name}.json`), 'utf8'));
}

/**
 * A checker for one operation: give it a status and the parsed body, it answers the schema
 * violations (empty when the body conforms). A status the document does not list falls back to
 * `default`; without one, the status itself is the violation.
 */
export function responseChecker(document: OpenApiDocument, path: string, method: string) {
  const is31 = document.openapi.startsWith('3.1');
  const ajv = is31 ? new Ajv2020({ strict: false }) : new Ajv({ strict: false });
  addFormats(ajv as Ajv);
  // OpenAPI 3.0 number formats: `integer` means a whole number, `double` any number.
  ajv.addFormat('integer', { type: 'number', validate: Number.isInteger });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not in the document`);
  const compiled = new Map<string, ValidateFunction>();
  const validator = (status: string): ValidateFunction | null => {
    const response = operation.responses[status] ?? operation.responses.default;
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) return null;
    let validate = compiled.get(status);
    if (!validate) {
      // `#/components/...` references resolve against the document's own components.
      validate = ajv.compile({
        ...(schema as object),
        components: document.components,
      } as AnySchema);
      compiled.set(status, validate);
    }
    return validate;
  };
  return (status: number, body: unknown): string[] => {
    const validate = validator(String(status));
    if (!validate) return [`status ${status} is not documented for ${method} ${path}`];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };
}
