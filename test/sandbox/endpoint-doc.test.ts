import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { strayNotes } from '../../source/sandbox/endpoint-catalog.js';
import { ALL_ENDPOINTS, endpointSection, NO_REASON, probeEndpoints, withSection } from '../../source/sandbox/endpoint-doc.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';

/**
 * docs/sandbox.md's endpoint list is made from the routes: a running sandbox is asked for every
 * endpoint of Binance's docs, and the list must be what that gives. With ATAPI_WRITE_DOCS=1 the
 * test rewrites the list instead (`ATAPI_WRITE_DOCS=1 node --import tsx --test test/sandbox/endpoint-doc.test.ts`).
 */
const DOC = new URL('../../docs/sandbox.md', import.meta.url);
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 71, tickMs: 1000 });
});
after(() => sbx.close());

test("docs/sandbox.md lists every endpoint of Binance's spot and USD-M docs as the routes serve them", async () => {
  const section = endpointSection(await probeEndpoints(sbx, ALL_ENDPOINTS));
  const doc = readFileSync(DOC, 'utf8');
  if (process.env.ATAPI_WRITE_DOCS === '1') writeFileSync(DOC, withSection(doc, section));
  else assert.equal(withSection(doc, section), doc, 'docs/sandbox.md is out of date with the routes: run ATAPI_WRITE_DOCS=1 node --import tsx --test test/sandbox/endpoint-doc.test.ts');
  assert.ok(!section.includes(NO_REASON), `every refused endpoint says why (endpoint-catalog.ts): ${section.split('\n').filter((l) => l.includes(NO_REASON)).join('; ')}`);
});

test('every note names an endpoint of the lists', () => {
  assert.deepEqual(strayNotes(), []);
});
