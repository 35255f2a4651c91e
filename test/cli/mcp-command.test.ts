import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiArgs } from '../helpers/atapi-bin.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `atapi ARGS` in-process (the command line's dispatch); `atapi mcp` and the daemon are processes of their own. */
function atapi(args: string[]) {
  return atapiInProcess(args, { env: { ...process.env, NO_COLOR: '1' } });
}

async function spawnMcp(args: string[], dir = tmpDir('atapi-mcp-')): Promise<{ client: Client; transport: StdioClientTransport }> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const transport = new StdioClientTransport({ command: process.execPath, args: [...atapiArgs(), '--data-dir', dir, '--seed', '1', 'mcp', ...args], cwd: root, env: { ...env, NO_COLOR: '1' }, stderr: 'pipe' });
  const client = new Client({ name: 'test', version: '1' });
  // Any byte on stdout that is not the protocol would fail the client's parse: stdout carries only it.
  await client.connect(transport);
  return { client, transport };
}

test('atapi mcp over stdio: the reads, no command without --allow-commands; with it the commands are listed', async () => {
  const reads = await spawnMcp([]);
  try {
    const names = (await reads.client.listTools()).tools.map((t) => t.name);
    assert.ok(names.includes('balances') && !names.includes('place_order'), names.join(' '));
    const r = (await reads.client.callTool({ name: 'balances', arguments: {} })) as { content: { text: string }[] };
    assert.ok(JSON.parse(r.content[0].text).USDT.free > 0);
  } finally {
    await reads.client.close();
  }
  const commands = await spawnMcp(['--allow-commands']);
  try {
    const names = (await commands.client.listTools()).tools.map((t) => t.name);
    assert.ok(names.includes('place_order') && names.includes('flatten'), names.join(' '));
  } finally {
    await commands.client.close();
  }
});

test('atapi mcp beside a daemon attaches to it: its reads are the daemon\'s figures', async () => {
  const dir = tmpDir('atapi-mcp-daemon-');
  assert.equal((await atapi(['daemon', 'start', '--data-dir', dir, '--seed', '4'])).code, 0);
  try {
    const bought = await atapi(['buy', 'BTC/USDT', '0.01', '--data-dir', dir]);
    assert.equal(bought.code, 0, bought.err);
    const { client } = await spawnMcp([], dir);
    try {
      const text = async (name: string) => ((await client.callTool({ name, arguments: {} })) as { content: { text: string }[] }).content[0].text;
      const status = JSON.parse(await text('status'));
      const daemon = JSON.parse((await atapi(['daemon', 'status', '--json', '--data-dir', dir])).out);
      assert.equal(status.daemonPid, daemon.pid, 'attached, not a ledger of its own');
      const balances = JSON.parse(await text('balances'));
      assert.deepEqual(balances, JSON.parse((await atapi(['balance', '--json', '--data-dir', dir])).out).balances);
      assert.ok(balances.BTC.free > 0);
      assert.equal(JSON.parse(await text('trades')).length, 1);
    } finally {
      await client.close();
    }
  } finally {
    assert.equal((await atapi(['daemon', 'stop', '--data-dir', dir])).code, 0);
  }
});
