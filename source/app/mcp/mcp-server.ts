import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { UserError } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import { Args, COMMAND_TOOL_NAMES, mcpTools, type McpReads } from './mcp-tools.js';

export interface McpOptions {
  /** Offer the commands (orders, stop, flatten, resume) besides the reads. */
  readonly allowCommands: boolean;
  /** Where a fault that is not the agent's doing is told (stderr: stdout carries only the protocol). */
  readonly log: (line: string) => void;
  /** The time PnL periods are read at (tests); default the wall clock. */
  readonly now?: () => number;
}

/**
 * An MCP server over one session: `tools/list` and `tools/call` answered from the tool table
 * (mcp-tools.ts), whose reads are the API's (app/api/api-reads.ts and the same engine figures). The tools are plain data with JSON Schemas, handled here directly rather
 * than through McpServer's zod-typed registration, so atapi needs no schema library of its own.
 */
export function createMcpServer(session: Session, o: McpOptions): McpServer {
  const tools = mcpTools(o.allowCommands);
  const more: McpReads = { fills: session.fills, now: o.now ?? Date.now };
  const mcp = new McpServer({ name: 'atapi', version: '0.1.0' }, { capabilities: { tools: {} }, instructions: `atapi trading terminal, ${session.label} (${session.mode}). Reads: ${tools.filter((t) => !t.command).map((t) => t.name).join(', ')}.${o.allowCommands ? ' Commands are enabled: every one is recorded in the ledger with source mcp.' : ' Commands are off (start with --allow-commands to enable them).'}` });
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, annotations: { readOnlyHint: !t.command, destructiveHint: t.command, openWorldHint: false } })),
  }));
  mcp.server.setRequestHandler(CallToolRequestSchema, async (req): Promise<CallToolResult> => {
    const { name } = req.params;
    const tool = tools.find((t) => t.name === name);
    if (!tool) {
      const why = COMMAND_TOOL_NAMES.includes(name) ? `${name} is a command, and this server was started without --allow-commands (reads only)` : `unknown tool "${name.slice(0, 40)}": use one of ${tools.map((t) => t.name).join(', ')}`;
      return failure(why);
    }
    try {
      const value = await tool.run(session, new Args(req.params.arguments ?? {}), more);
      return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] };
    } catch (err) {
      // A bad argument or a refusal is the agent's to read; anything else is a fault, logged.
      if (err instanceof UserError) return failure((err as Error).message);
      o.log(`mcp: ${name} failed: ${(err as Error)?.stack ?? String(err)}`);
      return failure(`${name} failed: ${(err as Error)?.message ?? String(err)}`);
    }
  });
  return mcp;
}

const failure = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

/** Serves `session` on `transport` until the transport closes. */
export async function serveMcp(session: Session, transport: Transport, o: McpOptions): Promise<McpServer> {
  const server = createMcpServer(session, o);
  await server.connect(transport);
  return server;
}
