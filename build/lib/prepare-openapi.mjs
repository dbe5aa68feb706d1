// Reads an OpenAPI document (a file or an http(s) URL) and writes, pretty-printed to OUTPUT, what the client
// generators read:
// - without `servers`: the served document names the host and port of the request, which says nothing about the API;
// - with `type: "string"` on schemas that have only a string `format` (`{"format": "date-time"}`, as the framework
//   documents values it serializes with a custom converter): OpenAPI 3.1 allows a format without a type, but NSwag
//   then types the value `object` and generates code that does not compile. A no-op once the document says `type`.
// Prints the SHA-256 of what it wrote: the generated clients record it, so a reader can tell which document made them.
//
// Usage: node build/lib/prepare-openapi.mjs SOURCE OUTPUT
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

const [source, output] = process.argv.slice(2);
if (!source || !output) {
  console.error('usage: prepare-openapi.mjs SOURCE OUTPUT');
  process.exit(2);
}

let text;
if (/^https?:\/\//.test(source)) {
  const response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) {
    console.error(`GET ${source} answered ${response.status}`);
    process.exit(1);
  }
  text = await response.text();
} else {
  text = await readFile(source, 'utf8');
}

let document;
try {
  document = JSON.parse(text);
} catch (error) {
  console.error(`${source} is not JSON: ${error.message}`);
  process.exit(1);
}
if (typeof document !== 'object' || document === null || typeof document.openapi !== 'string' || !document.paths) {
  console.error(`${source} is not an OpenAPI 3 document (no "openapi" version or no "paths")`);
  process.exit(1);
}

delete document.servers;

const stringFormats = new Set(['date-time', 'date', 'time', 'duration', 'uuid', 'uri', 'email']);
const shapeKeywords = ['type', '$ref', 'oneOf', 'anyOf', 'allOf', 'enum', 'const'];
let typed = 0;
(function visit(node) {
  if (Array.isArray(node)) {
    node.forEach(visit);
  } else if (node !== null && typeof node === 'object') {
    if (stringFormats.has(node.format) && !shapeKeywords.some((keyword) => keyword in node)) {
      node.type = 'string';
      typed += 1;
    }
    Object.values(node).forEach(visit);
  }
})(document);
if (typed > 0) {
  console.error(`note: ${typed} schemas with a string format but no type were given type "string"`);
}
const normalized = `${JSON.stringify(document, null, 2)}\n`;
await writeFile(output, normalized);
console.log(createHash('sha256').update(normalized).digest('hex'));
