import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function spawnMcp(args: string[]): Promise<{ client: Client; transport: StdioClientTransport }> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const transport = new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', path.join(root, 'source/cli.ts'), '--data-dir', tmpDir('atapi-mcp-'), '--seed', '1', 'mcp', ...args], cwd: root, env: { ...env, NO_COLOR: '1' }, stderr: 'pipe' });
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
