import type { ArbRow } from '../engine/arb/arb-scan.js';
import { amount, change, num } from './format.js';

/** The columns of a scan row, for the shell's table and the Arbitrage pane alike. */
export const ARB_HEADERS = ['SYMBOL', 'BUY ON', 'SELL ON', 'QTY', 'BUY AVG', 'SELL AVG', 'GROSS', 'NET', 'NET %', 'FLAGS', 'INVENTORY'] as const;

/** A scan row in words: the best direction at the size, its edge net of both fees, its flags, what each venue holds. */
export function arbRowCells(r: ArbRow): string[] {
  const e = r.best;
  const held = r.inventory.map((i) => `${i.venue} ${amount(i.base, r.base)} ${r.base}/${num(i.quote, 0)} ${r.quote}`).join(' · ');
  if (!e) return [r.symbol, '-', '-', '-', '-', '-', '-', '-', '-', 'no book', held];
  const flags = [...new Set(e.problems.map((p) => p.code.replace('arb.', '')))].join(',') || 'ok';
  return [r.symbol, e.buyVenue, e.sellVenue, amount(e.qty, r.base), num(e.buyAvg, 2), num(e.sellAvg, 2), num(e.gross, 2), num(e.net, 2), change(e.netPercent / 100, 3), flags, held];
}
