import { isDurable, sentAmount, UserError, type Fill, type OrderRequest } from '../../domain/index.js';
import { isPnlPeriod, periodPnl, PNL_PERIODS } from '../../engine/pnl-period.js';
import { selectTicker } from '../../store/index.js';
import { positionsRead } from '../api/api-reads.js';
import type { Session } from '../session/session.js';

/**
 * What an AI agent may ask of a session over MCP: the same reads the API and the shell give
 * (each the session's own read, put into JSON), and, only when the server was started with
 * `--allow-commands`, the commands that move money, each recorded with source `mcp` first, as
 * the line the shell would have typed, and sent through the session's one order path.
 */

/** A tool's arguments as JSON Schema (what `tools/list` shows the agent). */
export interface ToolSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, { readonly type: string; readonly description: string; readonly enum?: readonly string[] }>>;
  readonly required?: readonly string[];
  readonly additionalProperties: false;
}

export interface McpTool {
  readonly name: string;
  readonly description: string;
  /** True for a tool that changes something (an order, a strategy, the kill switch): listed only with --allow-commands. */
  readonly command: boolean;
  readonly inputSchema: ToolSchema;
  run(session: Session, args: Args, more: McpReads): Promise<unknown> | unknown;
}

/** What a read needs besides the session, kept for the server's life (as the API keeps them). */
export interface McpReads {
  /** Every fill of the venue (app/session/fill-record.ts): the state's, or the ledger's past its cap. */
  readonly fills: () => readonly Fill[];
  readonly now: () => number;
}

/** The arguments an agent sent, read one by one with a clear error for a wrong one. */
export class Args {
  constructor(private readonly raw: Readonly<Record<string, unknown>>) {}
  text(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '' || v.length > 200) throw new UserError(`"${name}" must be text of 1 to 200 characters`);
    return v.trim();
  }
  needText(name: string): string {
    const v = this.text(name);
    if (v === undefined) throw new UserError(`"${name}" is required`);
    return v;
  }
  /** A positive amount: a JSON number or a decimal string (`"0.01"`), by the API's rule (domain `sentAmount`). */
  number(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    const r = sentAmount(v);
    if ('problem' in r) throw new UserError(`bad "${name}" ${JSON.stringify(v)?.slice(0, 30) ?? ''}: ${r.problem}`);
    return r.value;
  }
  flag(name: string): boolean {
    const v = this.raw[name];
    if (v === undefined) return false;
    if (typeof v !== 'boolean') throw new UserError(`"${name}" must be true or false`);
    return v;
  }
  limit(fallback: number, max: number): number {
    const v = this.raw.limit;
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw new UserError(`"limit" must be a whole number from 1 to ${max}`);
    return v;
  }
  /** Refuses names the tool does not take: a misspelt one must not be silently dropped. */
  only(names: readonly string[]): this {
    const extra = Object.keys(this.raw).filter((k) => !names.includes(k));
    if (extra.length) throw new UserError(`unknown argument "${extra[0].slice(0, 40)}": this tool takes ${names.length ? names.join(', ') : 'none'}`);
    return this;
  }
}

const schema = (properties: ToolSchema['properties'], required: readonly string[] = []): ToolSchema => ({ type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false });
const none = schema({});
const limitProp = (max: number) => ({ limit: { type: 'integer', description: `how many, newest last (1 to ${max})` } });

const READS: readonly McpTool[] = [
  {
    name: 'status',
    description: 'What this session is: venue, mode (paper, testnet, live), whether it is the daemon, the kill switch, running strategies and open orders.',
    command: false,
    inputSchema: none,
    run: (s) => ({
      venue: s.venue,
      label: s.label,
      mode: s.mode,
      daemonPid: s.attachedTo?.pid ?? null,
      halted: s.halted() ?? null,
      strategiesRunning: s.strategies().filter((v) => v.status === 'running').length,
      openOrders: s.orders().length,
    }),
  },
  { name: 'balances', description: 'Free and locked balance of every asset of the spot account.', command: false, inputSchema: none, run: (s) => s.balance() },
  {
    name: 'positions',
    description: 'Spot positions marked to the last price and perpetual futures positions (with liquidation prices) when the venue has them (the API\'s GET positions).',
    command: false,
    inputSchema: none,
    run: (s) => positionsRead(s),
  },
  {
    name: 'pnl',
    description: 'Realised PnL net of fees (and the fees in it) over the UTC day, week or month, and unrealised PnL now, per quote currency (the API\'s GET pnl).',
    command: false,
    inputSchema: schema({ period: { type: 'string', enum: PNL_PERIODS, description: 'day (default), week or month' } }),
    run: (s, a, more) => {
      const period = a.only(['period']).text('period') ?? 'day';
      if (!isPnlPeriod(period)) throw new UserError(`"period" must be one of ${PNL_PERIODS.join(', ')} (got "${period.slice(0, 20)}")`);
      const state = s.state();
      return periodPnl(more.fills(), period, more.now(), (symbol) => selectTicker(state, s.venue, symbol)?.last);
    },
  },
  {
    name: 'orders',
    description: 'Open orders; with all=true the closed ones the state keeps too.',
    command: false,
    inputSchema: schema({ all: { type: 'boolean', description: 'include filled, cancelled and rejected orders' } }),
    run: (s, a) => s.orders({ all: a.only(['all']).flag('all') }),
  },
  { name: 'trades', description: 'Fills of this venue, oldest first.', command: false, inputSchema: schema(limitProp(1000)), run: (s, a) => s.trades().slice(-a.only(['limit']).limit(100, 1000)) },
  { name: 'strategies', description: 'Strategy instances with their own figures: position, PnL, trades, whether they run.', command: false, inputSchema: none, run: (s) => s.strategies() },
  {
    name: 'history',
    description: 'The ledger: recorded events (orders, fills, strategy decisions, signals, commands), oldest first.',
    command: false,
    inputSchema: schema({ type: { type: 'string', description: 'an event type or its prefix: order, order/filled, strategy, signal, user' }, ...limitProp(1000) }),
    run: (s, a) => {
      a.only(['type', 'limit']);
      const type = a.text('type');
      if (type !== undefined && !/^[a-z-]{1,30}(\/[a-zA-Z-]{1,40})?$/.test(type)) throw new UserError(`"type" must be an event type or its prefix, like order or order/filled (got "${type.slice(0, 40)}")`);
      return s.history({ type, limit: a.limit(50, 1000) }).filter((e) => isDurable(e.event));
    },
  },
];

/** What a command answers: the order as it stands, or the refusal as data (code, field, text). */
const entryAnswer = (r: Awaited<ReturnType<Session['order']>>): unknown => (r.ok ? r.order : { refused: r.refusal ?? { code: 'venue.failed', text: r.error } });

const COMMANDS: readonly McpTool[] = [
  {
    name: 'place_order',
    description: 'Places an order through the same checks as the keyboard (risk limits, balance, the kill switch). An order a trader would be asked to confirm (fat-finger warnings) is not sent unless force is true.',
    command: true,
    inputSchema: schema(
      {
        symbol: { type: 'string', description: 'market, e.g. BTC/USDT' },
        side: { type: 'string', enum: ['buy', 'sell'], description: 'buy or sell' },
        quantity: { type: 'number', description: 'base-asset quantity (a number, or a decimal string like "0.01")' },
        price: { type: 'number', description: 'limit price; leave out for a market order' },
        force: { type: 'boolean', description: "send despite the fat-finger warnings (the shell's --force)" },
      },
      ['symbol', 'side', 'quantity'],
    ),
    async run(s, a) {
      a.only(['symbol', 'side', 'quantity', 'price', 'force']);
      const side = a.needText('side');
      if (side !== 'buy' && side !== 'sell') throw new UserError(`"side" must be buy or sell (got "${side.slice(0, 20)}")`);
      const qty = a.number('quantity');
      if (qty === undefined) throw new UserError('"quantity" is required');
      const price = a.number('price');
      const force = a.flag('force');
      const order: Omit<OrderRequest, 'venue'> = { symbol: a.needText('symbol'), side, type: price === undefined ? 'market' : 'limit', qty, ...(price === undefined ? {} : { price, tif: 'GTC' as const }) };
      s.record(`${side} ${order.symbol} ${qty}${price === undefined ? '' : ` ${price}`}${force ? ' --force' : ''}`, 'mcp');
      if (!force) {
        // An unknown symbol is the order path's refusal, with its own code, just below.
        const warnings = knownSymbol(s, order.symbol) ? s.preview({ ...order, symbol: s.symbol(order.symbol) }).warnings : [];
        if (warnings.length) return { refused: { code: 'order.confirm', text: `not sent: ${warnings.join('; ')}. Check it, then call again with force: true` } };
      }
      return entryAnswer(await s.order(order));
    },
  },
  {
    name: 'cancel_order',
    description: 'Cancels an open order by its id (as orders lists it).',
    command: true,
    inputSchema: schema({ id: { type: 'string', description: 'order id' } }, ['id']),
    async run(s, a) {
      const id = a.only(['id']).needText('id');
      if (!/^\d{1,12}$/.test(id)) throw new UserError(`bad order id "${id.slice(0, 40)}": ids are whole numbers, as orders lists them`);
      s.record(`cancel ${id}`, 'mcp');
      return entryAnswer(await s.cancel(id));
    },
  },
  {
    name: 'stop_strategy',
    description: 'Stops a strategy instance; with close=true it also sells exactly what the instance holds.',
    command: true,
    inputSchema: schema({ id: { type: 'string', description: 'instance id (as strategies lists it)' }, close: { type: 'boolean', description: 'close its own position too' } }, ['id']),
    async run(s, a) {
      a.only(['id', 'close']);
      const id = a.needText('id');
      const close = a.flag('close');
      if (!s.strategies().some((v) => v.id === id)) throw new UserError(`no strategy instance "${id.slice(0, 60)}" on ${s.label} (the strategies tool lists them)`);
      s.record(`stop ${id}${close ? ' --close --yes' : ''}`, 'mcp');
      return s.stopStrategy(id, { close });
    },
  },
  {
    name: 'write_off_strategy',
    description: "Writes off what the account no longer holds of a strategy instance's own position (closed by hand, on the exchange, a reset testnet): its claim becomes what the account holds, at its own entry, so it can trade or close again. Recorded in the ledger.",
    command: true,
    inputSchema: schema({ id: { type: 'string', description: 'instance id (as strategies lists it)' } }, ['id']),
    async run(s, a) {
      a.only(['id']);
      const id = a.needText('id');
      if (!s.strategies().some((v) => v.id === id)) throw new UserError(`no strategy instance "${id.slice(0, 60)}" on ${s.label} (the strategies tool lists them)`);
      s.record(`strategies write-off ${id} --yes`, 'mcp');
      const plan = await s.writeOffStrategies([id], 'mcp');
      if (plan.items.length === 0) throw new UserError(`nothing to write off: ${plan.kept.map((k) => k.why).join('; ')}`);
      return plan;
    },
  },
  {
    name: 'flatten',
    description: 'The kill switch: stops every strategy, cancels every open order, closes what the strategies hold, and refuses new orders until resume.',
    command: true,
    inputSchema: schema({ reason: { type: 'string', description: 'why (kept in the ledger)' } }),
    async run(s, a) {
      const reason = a.only(['reason']).text('reason') ?? 'flatten from an AI agent (MCP)';
      s.record(`flatten ${reason}`, 'mcp');
      return s.flatten({ reason, source: 'mcp' });
    },
  },
  {
    name: 'resume',
    description: 'Lifts the kill switch: orders are taken again.',
    command: true,
    inputSchema: none,
    async run(s, a) {
      a.only([]);
      s.record('resume', 'mcp');
      await s.resume({ source: 'mcp' });
      return { halted: s.halted() ?? null };
    },
  },
];

/** The tools a server offers: the reads always, the commands only when allowed. */
export function mcpTools(allowCommands: boolean): readonly McpTool[] {
  return allowCommands ? [...READS, ...COMMANDS] : READS;
}

/** Every command tool's name: a call of one on a server without --allow-commands is told how to get it. */
export const COMMAND_TOOL_NAMES: readonly string[] = COMMANDS.map((t) => t.name);

function knownSymbol(s: Session, symbol: string): boolean {
  try {
    s.symbol(symbol);
    return true;
  } catch {
    return false;
  }
}
