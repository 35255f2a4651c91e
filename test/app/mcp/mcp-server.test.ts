import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { positionsRead } from '../../../source/app/api/api-reads.js';
import { serveMcp } from '../../../source/app/mcp/mcp-server.js';
import { periodPnl } from '../../../source/engine/pnl-period.js';
import { createSession, type Session } from '../../../source/app/session/session.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');

async function connect(allowCommands: boolean): Promise<{ session: Session; client: Client; logged: string[]; close: () => Promise<void> }> {
  const venue = new SimVenue({ seed: 3, clock: () => T0, tickMs: 0, backfillMinutes: 3 });
  const session = await createSession({ persist: false, venue, clock: () => T0 });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const logged: string[] = [];
  const server = await serveMcp(session, serverSide, { allowCommands, log: (l) => logged.push(l), now: () => T0 });
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  return {
    session,
    client,
    logged,
    close: async () => {
      await client.close();
      await server.close();
      await session.close();
    },
  };
}

type ToolResult = { isError?: boolean; content: { type: string; text: string }[] };
const call = async (client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> => (await client.callTool({ name, arguments: args })) as ToolResult;
const json = (r: ToolResult): unknown => {
  assert.notEqual(r.isError, true, r.content[0]?.text);
  return JSON.parse(r.content[0].text);
};

test('reads only by default: the tools list has no command, and the reads answer with the session\'s own figures', async () => {
  const c = await connect(false);
  try {
    assert.ok((await c.session.buy('BTC/USDT', 0.01)).ok);
    const names = (await c.client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['balances', 'history', 'orders', 'pnl', 'positions', 'status', 'strategies', 'trades']);
    assert.deepEqual(json(await call(c.client, 'balances')), JSON.parse(JSON.stringify(c.session.balance())));
    assert.deepEqual(json(await call(c.client, 'trades')), JSON.parse(JSON.stringify(c.session.trades())));
    // The API's own reads: the same positions and PnL as GET positions and GET pnl.
    assert.deepEqual(json(await call(c.client, 'positions')), JSON.parse(JSON.stringify(positionsRead(c.session))));
    const pnl = periodPnl(c.session.trades(), 'week', T0, (symbol) => c.session.ticker(symbol).last);
    assert.deepEqual(json(await call(c.client, 'pnl', { period: 'week' })), JSON.parse(JSON.stringify(pnl)));
    assert.match((await call(c.client, 'pnl', { period: 'year' })).content[0].text, /"period" must be one of day, week, month/);
    const status = json(await call(c.client, 'status')) as Record<string, unknown>;
    assert.deepEqual([status.venue, status.mode, status.halted, status.openOrders], [c.session.venue, 'paper', null, 0]);
    const history = json(await call(c.client, 'history', { type: 'order/filled', limit: 5 })) as { event: { type: string } }[];
    assert.deepEqual(history.map((e) => e.event.type), ['order/filled']);

    // A command is refused, saying how to get it; nothing is placed or recorded.
    const before = c.session.state().ledger.orderCount;
    const r = await call(c.client, 'place_order', { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01 });
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /without --allow-commands/);
    assert.equal(c.session.state().ledger.orderCount, before);
    // Bad arguments: one clear line each.
    const bad = await call(c.client, 'trades', { limit: 'all' });
    assert.equal(bad.isError, true);
    assert.match(bad.content[0].text, /"limit" must be a whole number from 1 to 1000/);
    assert.match((await call(c.client, 'orders', { everything: true })).content[0].text, /unknown argument "everything"/);
    assert.deepEqual(c.logged, [], 'no fault');
  } finally {
    await c.close();
  }
});

test('with --allow-commands: an order goes through the same checks, recorded with source mcp; a refusal is data', async () => {
  const c = await connect(true);
  try {
    const names = (await c.client.listTools()).tools.map((t) => t.name);
    for (const n of ['place_order', 'cancel_order', 'stop_strategy', 'flatten', 'resume']) assert.ok(names.includes(n), n);
    const placed = json(await call(c.client, 'place_order', { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01 })) as { id: string; status: string };
    assert.equal(placed.status, 'filled');
    assert.equal(c.session.orders({ all: true }).find((o) => o.id === placed.id)?.status, 'filled');
    const refused = json(await call(c.client, 'place_order', { symbol: 'BTC/USDT', side: 'buy', quantity: 1000, force: true })) as { refused: { code: string } };
    assert.ok(refused.refused.code.startsWith('risk.') || refused.refused.code === 'balance.insufficient', refused.refused.code);
    const unknown = json(await call(c.client, 'place_order', { symbol: 'NOPE/USDT', side: 'buy', quantity: 1 })) as { refused: { code: string } };
    assert.equal(unknown.refused.code, 'market.unknown');
    const commands = c.session.history({ type: 'user/command' }).map((e) => (e.event.type === 'user/command' ? `${e.event.data.source}: ${e.event.data.line}` : ''));
    assert.deepEqual(commands, ['mcp: buy BTC/USDT 0.01', 'mcp: buy BTC/USDT 1000 --force', 'mcp: buy NOPE/USDT 1']);
    const side = await call(c.client, 'place_order', { symbol: 'BTC/USDT', side: 'long', quantity: 1 });
    assert.equal(side.isError, true);
    assert.match(side.content[0].text, /"side" must be buy or sell/);
    // A quantity as a decimal string (as traders copy it, and as the API takes it) is the same order;
    // one that is no amount says why, by the API's rule.
    const asText = json(await call(c.client, 'place_order', { symbol: 'BTC/USDT', side: 'buy', quantity: '0.01' })) as { id: string; status: string };
    assert.equal(asText.status, 'filled');
    for (const [bad, why] of [['-1', /must be above zero/], ['1e-3', /plain digits/], ['abc', /is not a number/], [0, /must be above zero/], [true, /a positive number, like 0\.01/]] as const) {
      const r = await call(c.client, 'place_order', { symbol: 'BTC/USDT', side: 'buy', quantity: bad });
      assert.equal(r.isError, true, String(bad));
      assert.match(r.content[0].text, /^bad "quantity" /, String(bad));
      assert.match(r.content[0].text, why, String(bad));
    }
    assert.match((await call(c.client, 'stop_strategy', { id: 'nope' })).content[0].text, /no strategy instance "nope"/);
  } finally {
    await c.close();
  }
});

test('the kill switch over MCP: flatten halts (source mcp), an opening order is refused as data, resume lifts it', async () => {
  const c = await connect(true);
  try {
    const flat = json(await call(c.client, 'flatten', { reason: 'agent says so' })) as { stopped: unknown[]; problems: unknown[] };
    assert.deepEqual(flat.problems, []);
    const status = json(await call(c.client, 'status')) as { halted: { source: string } | null };
    assert.equal(status.halted?.source, 'mcp');
    const refused = json(await call(c.client, 'place_order', { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01 })) as { refused: { code: string } };
    assert.equal(refused.refused.code, 'trading.halted');
    assert.deepEqual(json(await call(c.client, 'resume')), { halted: null });
    assert.equal(c.session.halted(), undefined);
    const lines = c.session.history({ type: 'user/command' }).map((e) => (e.event.type === 'user/command' ? `${e.event.data.source}: ${e.event.data.line}` : ''));
    assert.deepEqual(lines, ['mcp: flatten agent says so', 'mcp: buy BTC/USDT 0.01', 'mcp: resume']);
  } finally {
    await c.close();
  }
});
