import { num } from '../../format/format.js';
import type { Fill } from '../../domain/index.js';
import { haltText } from '../../engine/halt.js';
import { LIQUIDATION_NEAR, liquidationDistance } from '../../engine/liquidation-near.js';
import type { Session } from '../session/session.js';
import type { FuturesAccount, FuturesPositionRow } from '../futures/futures-session.js';
import type { NotifyKind } from './notify-kinds.js';
import { equityText } from './telegram-replies.js';
import { notHeldText } from '../../format/strategy-held-text.js';

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

/** The day's summary: equity, the fills of the day, and each running strategy's figures. */
export function dailySummary(session: Session, from: number, to: number): string {
  const fills = session.trades().filter((f: Fill) => f.ts >= from && f.ts < to);
  const volume = fills.reduce((s, f) => s + f.qty * f.price, 0);
  const running = session.strategies().filter((v) => v.status === 'running');
  const lines = [
    `daily summary ${new Date(from).toISOString().slice(0, 10)}: ${equityText(session)}, ${fills.length} fill${fills.length === 1 ? '' : 's'} (${num(volume, 2)} traded)`,
    // A position closed outside the instance is said (format/strategy-held-text.ts), not an unrealised 0.
    ...running.map((v) => `${v.id} ${v.symbol}: realised ${num(v.realizedPnl, 2)}, ${v.notHeld?.cover === 'none' ? notHeldText(v) : `unrealised ${num(v.unrealizedPnl, 2)}`}, ${v.trades} trades`),
  ];
  const halted = session.halted();
  if (halted) lines.push(`HALTED: ${haltText(halted)}`);
  return lines.join('\n');
}

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
