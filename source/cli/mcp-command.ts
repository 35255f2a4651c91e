import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { openSession } from '../app/session/open-session.js';
import { serveMcp } from '../app/mcp/mcp-server.js';
import type { CliIO, CommandHandler } from './io.js';
import { entryIO } from './entry-io.js';
import { parseOptions } from './parse-options.js';
import { ENTRY_OPTIONS, entryFromValues } from './run-options.js';

const OPTIONS = {
  'allow-commands': { type: 'boolean' },
  ...ENTRY_OPTIONS,
  // The global --json is passed to every top command; the protocol is JSON already.
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const MCP_HELP = `usage: atapi mcp [--allow-commands] [OPTIONS]

An MCP server on stdin/stdout, for an AI agent (Claude Desktop, Claude Code, Cursor, ...) to ask
what the account holds. It attaches to the daemon of the data directory when one runs, else it
opens the ledger itself without resuming strategies. stdout carries only the protocol; messages
go to stderr.

Tools: status, balances, positions, orders, trades, strategies, pnl, history (reads, always);
place_order, cancel_order, stop_strategy, flatten, resume (only with --allow-commands, each
recorded in the ledger with source mcp and checked like an order from the keyboard).

  --allow-commands      offer the commands besides the reads (off by default)
  --exchange ID         sim (default) or a ccxt exchange id; --live/--testnet as for atapi
  --no-persist          in memory only (a fresh simulated account)

Client config (Claude Desktop's claude_desktop_config.json):
  {"mcpServers": {"atapi": {"command": "atapi", "args": ["mcp"]}}}`;

/**
 * `atapi mcp`: the session of this data directory (the daemon's, attached, or a one-shot one)
 * served over MCP on stdio until the client closes stdin.
 */
export function mcpCommandWith(stdin: Readable, stdout: Writable): CommandHandler {
  return async (argv, io) => {
    const { values } = parseOptions({ args: [...argv], options: OPTIONS }, 'mcp');
    if (values.help) {
      io.stdout.write(`${MCP_HELP}\n`);
      return 0;
    }
    const entry = { ...entryFromValues(values), dataDir: io.dataDir };
    const say = (line: string): void => void io.stderr.write(`${line}\n`);
    // stdin is the protocol: nothing may prompt on it (--live needs --i-understand-live here).
    const session = await openSession(entry, entryIO(io, false), { tickMs: 250, attach: { onError: (m) => say(`atapi mcp: ${m}`) } }, { resumeStrategies: false });
    try {
      for (const r of session.reports) say(r);
      say(`atapi mcp: serving ${session.label} (${session.mode})${session.attachedTo ? `, attached to the daemon (pid ${session.attachedTo.pid})` : ''}; commands ${values['allow-commands'] ? 'on' : 'off'}`);
      const transport = new StdioServerTransport(stdin, stdout);
      const closed = new Promise<void>((resolve) => {
        transport.onclose = resolve;
        stdin.once('end', resolve);
        stdin.once('close', resolve);
      });
      const server = await serveMcp(session, transport, { allowCommands: values['allow-commands'] === true, log: say });
      await closed;
      await server.close();
      return 0;
    } finally {
      await session.close();
    }
  };
}

export const mcpCommand: CommandHandler = (argv, io: CliIO) => {
  // stdout is the protocol: whatever a library would print there (ccxt's warnings) goes to stderr.
  console.log = console.info = console.debug = (...a: unknown[]) => console.error(...a);
  return mcpCommandWith(process.stdin, process.stdout)(argv, io);
};
