import { num } from '../../format/format.js';
import type { Fill } from '../../domain/index.js';
import { haltText } from '../../engine/halt.js';
import { pnlBreakdown } from '../../engine/pnl-breakdown.js';
import type { QuotePnl } from '../../engine/pnl-period.js';
import { selectTicker } from '../../store/index.js';
import { orderOwners } from '../session/fill-record.js';
import { LIQUIDATION_NEAR, liquidationDistance } from '../../engine/liquidation-near.js';
import type { Session } from '../session/session.js';
import type { FuturesAccount, FuturesPositionRow } from '../futures/futures-session.js';
import type { NotifyKind } from './notify-kinds.js';
import { equityText } from './telegram-replies.js';
import { nettedLines, notHeldText } from '../../format/strategy-held-text.js';
import { takenOverText } from '../../format/pnl-format.js';
import { shareCoversAt } from '../../engine/strategy-held-at.js';

/** The cross margin ratio a warning is sent at (liquidation is at 100%), and where it is re-armed. */
export const MARGIN_WARN = 0.8;
const MARGIN_CLEAR = 0.7;
const DAY_MS = 86_400_000;

export interface WatchOptions {
  readonly clock?: () => number;
  /** How often the margin is looked at (ms, default 10 s). */
  readonly marginEveryMs?: number;
  /** Whether the daily summary is wanted at all (its level is not off). */
  readonly summary: boolean;
}

/** What has been warned of already: the cross account, and positions by symbol and side. */
export type Warned = ReadonlySet<string>;

/**
 * Liquidation warnings: the cross margin ratio reaching MARGIN_WARN, or a position's mark
 * within LIQUIDATION_NEAR of its liquidation price. Each is said once, then again only after
 * it has eased (ratio under MARGIN_CLEAR, the mark twice as far): a warning every ten seconds
 * would be noise the trader learns to ignore.
 */
export function marginWarnings(account: Pick<FuturesAccount, 'marginRatio'>, positions: readonly FuturesPositionRow[], warned: Warned): { readonly texts: string[]; readonly warned: Warned } {
  const next = new Set(warned);
  const texts: string[] = [];
  if (account.marginRatio >= MARGIN_WARN && !warned.has('cross')) {
    texts.push(`liquidation warning: cross margin ratio ${num(account.marginRatio * 100, 1)}% (liquidated at 100%): add margin or reduce positions`);
    next.add('cross');
  } else if (account.marginRatio < MARGIN_CLEAR) next.delete('cross');
  for (const p of positions) {
    const distance = liquidationDistance(p);
    if (distance === undefined) continue;
    const key = `${p.symbol} ${p.side}`;
    if (distance <= LIQUIDATION_NEAR && !warned.has(key)) {
      texts.push(`liquidation warning: ${p.symbol}${p.side === 'BOTH' ? '' : ` ${p.side}`} mark ${num(p.markPrice, 2)} is ${num(distance * 100, 1)}% from its liquidation price ${num(p.liquidationPrice!, 2)}`);
      next.add(key);
    } else if (distance > 2 * LIQUIDATION_NEAR) next.delete(key);
  }
  return { texts, warned: next };
}

/** Most strategy lines a summary lists (a phone's message); the rest are counted. */
const SUMMARY_ROWS = 20;

/**
 * The day's summary, in the figures `pnl --day --by strategy` showed at the day's last moment:
 * equity, the day's fills (every one on record: the state keeps only the last ones), the day's
 * PnL per quote currency, then per strategy instance (`manual`: the trader's own), whose lines
 * add up to it, and which instances still run. What is open is valued at the last price, as
 * `pnl` values it. Which instance's position was gone (closed outside it) and which net on one
 * market is judged at the day's end (engine/strategy-held-at.ts), not when the summary is
 * built: a position closed after midnight was still held on the day the summary is about.
 */
export function dailySummary(session: Session, from: number, to: number): string {
  const all = session.fills();
  const fills = all.filter((f: Fill) => f.ts >= from && f.ts < to);
  const volume = fills.reduce((s, f) => s + f.qty * f.price, 0);
  const state = session.state();
  const owners = orderOwners(session);
  const held = shareCoversAt(state, to, all, owners);
  const day = pnlBreakdown(all, 'day', 'strategy', to - 1, (symbol) => selectTicker(state, session.venue, symbol)?.last, owners, held.covers, state.ledger.strategyWriteOffs);
  const figures = (q: QuotePnl, quote: string): string => `${signed(q.pnl)} ${quote} (realised ${signed(q.realised)} net of fees ${num(q.fees, 2)}, unrealised ${signed(q.unrealised)}), ${q.trades} trade${q.trades === 1 ? '' : 's'}`;
  const live = session.strategies().filter((v) => v.status === 'running');
  const running = live.map((v) => v.id);
  // As the day ended: what the account held of each running instance's own, and who netted with whom.
  const atEnd = live.map((v) => {
    const c = held.covers.get(v.id);
    const netted = held.nettings.get(v.id);
    return { ...v, position: c?.held ?? 0, notHeld: c && c.cover !== 'held' ? { own: c.own, cover: c.cover } : undefined, netted };
  });
  const lines = [
    `daily summary ${new Date(from).toISOString().slice(0, 10)}: ${equityText(session)}, ${fills.length} fill${fills.length === 1 ? '' : 's'} (${num(volume, 2)} traded)`,
    ...(day.rows.length === 0 ? ['PnL of the day: none (no trade, nothing open)'] : Object.entries(day.totals).map(([quote, q]) => `PnL of the day: ${figures(q, quote)}`)),
    ...day.rows.slice(0, SUMMARY_ROWS).map((r) => `${r.key}: ${figures(r, r.quote)}`),
    ...(day.rows.length > SUMMARY_ROWS ? [`… and ${day.rows.length - SUMMARY_ROWS} more (pnl --day --by strategy)`] : []),
    ...(day.takenOver ?? []).map(takenOverText),
    running.length ? `running: ${running.join(', ')}` : 'no strategy running',
    // A running instance whose own position was closed outside it: said, as every view says it.
    ...atEnd.flatMap((v) => (v.notHeld ? [`${v.id}: ${notHeldText(v)}`] : [])),
    // Running instances netting on one market: who holds what, and that it adds up to the account.
    ...nettedLines(atEnd),
  ];
  const halted = session.halted();
  if (halted) lines.push(`HALTED: ${haltText(halted)}`);
  return lines.join('\n');
}

const signed = (n: number): string => `${n >= 0 ? '+' : ''}${num(n, 2)}`;

/** Starts the timed notifications (margin, daily summary at 00:00 UTC); returns what stops them. */
export function startWatches(session: Session, notify: (kind: NotifyKind, text: string) => void, o: WatchOptions): () => void {
  const clock = o.clock ?? Date.now;
  let margin: NodeJS.Timeout | undefined;
  let summary: NodeJS.Timeout | undefined;
  if (session.futures.available) {
    let warned: Warned = new Set();
    margin = setInterval(() => {
      const r = marginWarnings(session.futures.account(), session.futures.positions(), warned);
      warned = r.warned;
      for (const text of r.texts) notify('liquidations', text);
    }, o.marginEveryMs ?? 10_000);
    margin.unref();
  }
  if (o.summary) {
    const schedule = (): void => {
      summary = setTimeout(() => {
        // The midnight just passed (a timer may fire a little early or late).
        const end = Math.round(clock() / DAY_MS) * DAY_MS;
        notify('summary', dailySummary(session, end - DAY_MS, end));
        schedule();
      }, DAY_MS - (clock() % DAY_MS));
      summary.unref();
    };
    schedule();
  }
  return () => {
    clearInterval(margin);
    clearTimeout(summary);
  };
}
