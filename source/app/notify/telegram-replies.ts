import { selectEquity, selectInstrument } from '../../store/index.js';
import { amount, isoTime, num, price, quantity } from '../../format/format.js';
import type { Session } from '../session/session.js';
import type { DaemonStatus } from '../daemon/protocol.js';

/*
 * The answers to the Telegram bot's read commands: the session's own reads (the same the
 * shell, the TUI and the API show), laid out for a phone: one short line per row, no tables.
 */

/** Most rows one answer lists (a phone screen, and Telegram's 4,096 characters). */
const MAX_ROWS = 20;



const more = (n: number): string => (n > MAX_ROWS ? `\n… and ${n - MAX_ROWS} more` : '');
const signed = (n: number): string => `${n >= 0 ? '+' : ''}${num(n, 2)}`;

export function statusReply(session: Session, status: DaemonStatus): string {
  const state = session.state();
  const link = state.market.connections[session.venue]?.state ?? 'unknown';
  const halted = session.halted();
  const uptime = Math.floor(status.uptimeMs / 1000);
  const lines = [
    `atapi ${status.label} (${status.mode}), pid ${status.pid}, up ${Math.floor(uptime / 3600)}h${String(Math.floor((uptime % 3600) / 60)).padStart(2, '0')}m`,
    `link: ${link}`,
    `equity: ${num(selectEquity(state, session.venue), 2)} USDT`,
    `strategies running: ${status.strategies.length}${status.strategies.length ? ` (${status.strategies.map((s) => `${s.id} ${s.name} ${s.symbol}`).join(', ')})` : ''}`,
    `open orders: ${session.orders().length}`,
    `terminals attached: ${status.clients}`,
  ];
  if (halted) lines.push(`HALTED since ${isoTime(halted.since)} by ${halted.source}: ${halted.reason} (/resume)`);
  if (status.stopping) lines.push('the daemon is stopping: no new orders');
  return lines.join('\n');
}

export function balanceReply(session: Session): string {
  const entries = Object.entries(session.balance()).filter(([, b]) => b.free + b.locked > 0);
  if (entries.length === 0) return 'no balances';
  const rows = entries.slice(0, MAX_ROWS).map(([asset, b]) => `${asset} ${amount(b.free, asset)}${b.locked ? ` (+${amount(b.locked, asset)} locked)` : ''}`);
  let text = `${rows.join('\n')}${more(entries.length)}\nequity ${num(selectEquity(session.state(), session.venue), 2)} USDT`;
  const futures = session.futures.available ? session.futures.account() : undefined;
  if (futures) text += `\nfutures wallet ${num(futures.walletBalance, 2)} ${futures.asset}, margin ratio ${num(futures.marginRatio * 100, 1)}%`;
  return text;
}

export function positionsReply(session: Session): string {
  const state = session.state();
  const spot = session.positions().filter((p) => p.qty !== 0);
  const perps = session.futures.available ? session.futures.positions().filter((p) => p.qty !== 0) : [];
  const rows = [
    ...spot.map((p) => `${p.symbol} ${quantity(p.qty, selectInstrument(state, session.venue, p.symbol))} @ ${price(p.avgPrice, selectInstrument(state, session.venue, p.symbol))}, realised ${signed(p.realizedPnl)}`),
    ...perps.map((p) => `${p.symbol} ${p.side === 'BOTH' ? '' : `${p.side} `}${num(p.qty, 4)} @ ${num(p.entryPrice, 2)} (${p.leverage}x), unrealised ${signed(p.unrealizedPnl)}${p.liquidationPrice !== undefined ? `, liquidation ${num(p.liquidationPrice, 2)}` : ''}`),
  ];
  return rows.length ? `${rows.slice(0, MAX_ROWS).join('\n')}${more(rows.length)}` : 'no open positions';
}

export function ordersReply(session: Session): string {
  const list = session.orders();
  if (list.length === 0) return 'no open orders';
  const inst = (symbol: string) => selectInstrument(session.state(), session.venue, symbol);
  const rows = list.slice(0, MAX_ROWS).map((o) => `#${o.id} ${o.side} ${quantity(o.qty, inst(o.symbol))} ${o.symbol} ${o.type}${o.price !== undefined ? ` @ ${price(o.price, inst(o.symbol))}` : ''} ${o.status}${o.strategyId ? ` (${o.strategyId})` : ''}`);
  return `${rows.join('\n')}${more(list.length)}`;
}

export function tradesReply(session: Session): string {
  const fills = session.trades().slice(-10);
  if (fills.length === 0) return 'no trades yet';
  const inst = (symbol: string) => selectInstrument(session.state(), session.venue, symbol);
  return fills.map((f) => `${isoTime(f.ts)} #${f.orderId} ${f.side} ${quantity(f.qty, inst(f.symbol))} ${f.symbol} @ ${price(f.price, inst(f.symbol))}`).join('\n');
}

export function pnlReply(session: Session): string {
  const strategies = session.strategies();
  const real = strategies.reduce((s, v) => s + v.realizedPnl, 0);
  const unreal = strategies.reduce((s, v) => s + v.unrealizedPnl, 0);
  const positions = session.positions().reduce((s, p) => s + p.realizedPnl, 0);
  return [
    `equity ${num(selectEquity(session.state(), session.venue), 2)} USDT`,
    `strategies: realised ${signed(real)}, unrealised ${signed(unreal)} (net of fees, ${strategies.length} instance${strategies.length === 1 ? '' : 's'})`,
    `all positions: realised ${signed(positions)}`,
  ].join('\n');
}

export function strategiesReply(session: Session): string {
  const list = session.strategies().filter((v) => v.status === 'running');
  if (list.length === 0) return 'no strategy running';
  const rows = list.slice(0, MAX_ROWS).map((v) => `${v.id} ${v.name} ${v.symbol}${v.live ? '' : ' (not live)'}: position ${num(v.position, 6)}, realised ${signed(v.realizedPnl)}, unrealised ${signed(v.unrealizedPnl)}, ${v.trades} trades`);
  return `${rows.join('\n')}${more(list.length)}`;
}

export function alertsReply(session: Session): string {
  const list = session.alerts();
  if (list.length === 0) return 'no alerts waiting';
  return `${list.slice(0, MAX_ROWS).map((a) => `${a.id} ${a.symbol} ${a.op} ${price(a.price, selectInstrument(session.state(), session.venue, a.symbol))}`).join('\n')}${more(list.length)}`;
}

/** A command of the bot: its words for /help, and for a read, its answer. */
export interface BotCommand {
  readonly name: string;
  readonly summary: string;
  /** A read, answered at once; absent for a command that moves money (it asks to confirm). */
  readonly reply?: (session: Session, status: () => DaemonStatus) => string;
}

/** Every command the bot knows, in the order /help lists them: /help comes from this table, so it cannot drift. */
export const BOT_COMMANDS: readonly BotCommand[] = [
  { name: '/status', summary: 'the daemon: venue, mode, link, equity, strategies', reply: (s, status) => statusReply(s, status()) },
  { name: '/balance', summary: 'balances and equity', reply: balanceReply },
  { name: '/positions', summary: 'open positions', reply: positionsReply },
  { name: '/orders', summary: 'open orders', reply: ordersReply },
  { name: '/trades', summary: 'the last fills', reply: tradesReply },
  { name: '/pnl', summary: 'profit and loss of the strategies and positions', reply: pnlReply },
  { name: '/strategies', summary: 'running strategy instances', reply: strategiesReply },
  { name: '/alerts', summary: 'price alerts waiting', reply: alertsReply },
  { name: '/stop ID [close]', summary: 'stop a strategy instance; close: also sell what it holds (asks to confirm)' },
  { name: '/flatten', summary: 'kill switch: stop all, cancel all, close what strategies hold (asks to confirm)' },
  { name: '/resume', summary: 'take orders again after /flatten (asks to confirm)' },
  { name: '/help', summary: 'this list', reply: () => telegramHelp() },
];

export function telegramHelp(): string {
  return BOT_COMMANDS.map((c) => `${c.name} - ${c.summary}`).join('\n');
}
