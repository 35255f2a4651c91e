import { alertText, isPnlAlert, type Fill } from '../../domain/index.js';
import { selectInstrument, selectMarkedPositions, selectTicker } from '../../store/index.js';
import { accountValuation } from '../../engine/equity.js';
import { amount, isoTime, num, price, quantity } from '../../format/format.js';
import { haltText } from '../../engine/halt.js';
import type { StrategyInstanceView } from '../../engine/strategy-figures.js';
import { nettedLines, notHeldText } from '../../format/strategy-held-text.js';
import { isPnlPeriod, periodPnl, PNL_PERIODS } from '../../engine/pnl-period.js';
import type { Session } from '../session/session.js';
import type { DaemonStatus } from '../daemon/protocol.js';
import { spanText } from '../../domain/span-text.js';

/*
 * The answers to the Telegram bot's read commands: the session's own reads (the same the
 * shell, the TUI and the API show), laid out for a phone: one short line per row, no tables.
 */

/** Most rows one answer lists (a phone screen, and Telegram's 4,096 characters). */
const MAX_ROWS = 20;

/** What an answer is read from. */
export interface ReplyContext {
  readonly session: Session;
  /** The daemon's status (buildDaemonStatus): the same figures as `atapi daemon status` and the API. */
  readonly status: () => DaemonStatus;
  /** Every fill of the venue, in fill order (the API's fill record: the ledger's past the state's cap). */
  readonly fills: () => readonly Fill[];
  readonly now: () => number;
}

/** `equity 10,000.00 USDT`: the one valuation (spot at last prices, plus the perpetual account), naming what it could not value. */
export function equityText(session: Session): string {
  const v = accountValuation(session.state(), session.venue);
  return `equity ${num(v.total, 2)} ${v.quote}${v.unvalued.length ? ` (not valued: ${v.unvalued.join(', ')})` : ''}`;
}

const more = (n: number): string => (n > MAX_ROWS ? `\n… and ${n - MAX_ROWS} more` : '');
const signed = (n: number): string => `${n >= 0 ? '+' : ''}${num(n, 2)}`;

export function statusReply(session: Session, status: DaemonStatus): string {
  const lines = [
    `atapi ${status.label} (${status.mode}), pid ${status.pid}, up ${spanText(status.uptimeMs)}`,
    `link: ${status.link.state}${status.link.detail ? ` (${status.link.detail})` : ''}`,
    equityText(session),
    // One recorded running that is not trading says so, as daemon status does (format/daemon-status-text.ts).
    `strategies running: ${status.strategies.length}${status.strategies.length ? ` (${status.strategies.map((s) => `${s.id} ${s.name} ${s.symbol}${s.problem ? `: NOT RUNNING: ${s.problem}` : ''}`).join(', ')})` : ''}`,
    ...(status.failed ?? []).map((f) => `failed: ${f.id} (${f.name} ${f.symbol}): ${f.reason}`),
    `open orders: ${session.orders().length}`,
    `terminals attached: ${status.clients}`,
  ];
  if (status.halted) lines.push(`HALTED since ${isoTime(status.halted.since)}: ${haltText(status.halted)} (/resume)`);
  if (status.stopping) lines.push('the daemon is stopping: no new orders');
  if (status.health && !status.health.healthy) lines.push(...status.health.problems.map((p) => `UNHEALTHY [${p.code}]: ${p.text}`));
  return lines.join('\n');
}

export function balanceReply(session: Session): string {
  const entries = Object.entries(session.balance()).filter(([, b]) => b.free + b.locked > 0);
  if (entries.length === 0) return 'no balances';
  const rows = entries.slice(0, MAX_ROWS).map(([asset, b]) => `${asset} ${amount(b.free, asset)}${b.locked ? ` (+${amount(b.locked, asset)} locked)` : ''}`);
  let text = `${rows.join('\n')}${more(entries.length)}\n${equityText(session)}`;
  const futures = session.futures.available ? session.futures.account() : undefined;
  if (futures) text += `\nfutures wallet ${num(futures.walletBalance, 2)} ${futures.asset}, margin ratio ${num(futures.marginRatio * 100, 1)}%`;
  return text;
}

export function positionsReply(session: Session): string {
  const state = session.state();
  const spot = selectMarkedPositions(state, session.venue).filter((p) => p.qty !== 0);
  const perps = session.futures.available ? session.futures.positions().filter((p) => p.qty !== 0) : [];
  const rows = [
    ...spot.map((p) => `${p.symbol} ${quantity(p.qty, selectInstrument(state, session.venue, p.symbol))} @ ${price(p.avgPrice, selectInstrument(state, session.venue, p.symbol))}, unrealised ${signed(p.unrealizedPnl)}, realised ${signed(p.realizedPnl)} net of fees`),
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

/** `/pnl [day|week|month]`: the API's figures for the UTC period (`GET pnl`), one line per quote currency. */
export function pnlReply(c: ReplyContext, args: readonly string[]): string {
  const period = args[0] ?? 'day';
  if (args.length > 1 || !isPnlPeriod(period)) return `usage: /pnl [${PNL_PERIODS.join('|')}] (default day, in UTC)`;
  const { session } = c;
  const state = session.state();
  const p = periodPnl(c.fills(), period, c.now(), (symbol) => selectTicker(state, session.venue, symbol)?.last);
  const rows = Object.entries(p.byQuote).map(([quote, q]) => {
    const other = Object.entries(q.otherFees).map(([asset, fee]) => `, ${amount(fee, asset)} ${asset} fees`).join('');
    return `${quote}: ${signed(q.pnl)} (realised ${signed(q.realised)} net of fees ${num(q.fees, 2)}${other}, unrealised ${signed(q.unrealised)}), ${q.trades} trade${q.trades === 1 ? '' : 's'}`;
  });
  return [`PnL this ${period} (since ${isoTime(p.from)} UTC):`, ...(rows.length ? rows : ['no trades']), equityText(session)].join('\n');
}

export function strategiesReply(session: Session): string {
  const list = session.strategies().filter((v) => v.status === 'running');
  if (list.length === 0) return 'no strategy running';
  // A position closed outside the instance is said in words (format/strategy-held-text.ts), never "position 0".
  const position = (v: StrategyInstanceView) => notHeldText(v) ?? `position ${num(v.position, 6)}`;
  const unrealised = (v: StrategyInstanceView) => (v.notHeld?.cover === 'none' ? '' : `, unrealised ${signed(v.unrealizedPnl)}`);
  const rows = list.slice(0, MAX_ROWS).map((v) => `${v.id} ${v.name} ${v.symbol}${v.live ? '' : ' (not live)'}: ${position(v)}, realised ${signed(v.realizedPnl)} net of fees${unrealised(v)}, ${v.trades} trades`);
  return [...rows, ...nettedLines(list)].join('\n') + more(list.length);
}

export function alertsReply(session: Session): string {
  const list = session.alerts();
  if (list.length === 0) return 'no alerts waiting';
  return `${list.slice(0, MAX_ROWS).map((a) => `${a.id} ${alertText(a, isPnlAlert(a) ? undefined : selectInstrument(session.state(), session.venue, a.symbol))}`).join('\n')}${more(list.length)}`;
}

/** A command of the bot: its words for /help, and for a read, its answer. */
export interface BotCommand {
  readonly name: string;
  readonly summary: string;
  /** A read, answered at once; absent for a command that moves money (it asks to confirm). */
  readonly reply?: (c: ReplyContext, args: readonly string[]) => string;
}

/** Every command the bot knows, in the order /help lists them: /help comes from this table, so it cannot drift. */
export const BOT_COMMANDS: readonly BotCommand[] = [
  { name: '/status', summary: 'the daemon: venue, mode, link, equity, strategies', reply: (c) => statusReply(c.session, c.status()) },
  { name: '/balance', summary: 'balances and equity', reply: (c) => balanceReply(c.session) },
  { name: '/positions', summary: 'open positions', reply: (c) => positionsReply(c.session) },
  { name: '/orders', summary: 'open orders', reply: (c) => ordersReply(c.session) },
  { name: '/trades', summary: 'the last fills', reply: (c) => tradesReply(c.session) },
  { name: '/pnl', summary: 'profit and loss of the UTC day (or: /pnl week, /pnl month), by quote currency', reply: pnlReply },
  { name: '/strategies', summary: 'running strategy instances', reply: (c) => strategiesReply(c.session) },
  { name: '/alerts', summary: 'price alerts waiting', reply: (c) => alertsReply(c.session) },
  { name: '/stop ID [close]', summary: 'stop a strategy instance; close: also sell what it holds (asks to confirm)' },
  { name: '/flatten', summary: 'kill switch: stop all, cancel all, close what strategies hold (asks to confirm)' },
  { name: '/resume', summary: 'take orders again after /flatten (asks to confirm)' },
  { name: '/help', summary: 'this list', reply: () => telegramHelp() },
];

export function telegramHelp(): string {
  return BOT_COMMANDS.map((c) => `${c.name} - ${c.summary}`).join('\n');
}
