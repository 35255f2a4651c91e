import type { DayPnl } from '../../engine/day-pnl.js';
import { amount, change, compact, signedAmount } from '../../format/format.js';

/**
 * The status bar's account figures, in the longest wording that fits `room` columns (the
 * shortest when none does): equity (spot and perpetuals together) and today's PnL (UTC day)
 * with its share of the day's opening equity. An equity that leaves out an asset with no price
 * reads `≥`: what is shown is a floor, never a guess.
 */
export function equityText(d: DayPnl, room: number): string {
  const q = d.equity.quote;
  const floor = d.equity.unvalued.length > 0 ? '≥' : '';
  const pnl = signedAmount(d.pnl, q);
  const pct = d.fraction === undefined ? '' : ` (${change(d.fraction)})`;
  const forms = [
    ` equity ${floor}${amount(d.equity.total, q)} ${q} · today ${pnl} ${q}${pct} `,
    ` eq ${floor}${amount(d.equity.total, q)} · today ${pnl}${pct} `,
    ` eq ${floor}${compact(d.equity.total)} · day ${pnl}${pct} `,
    ` eq ${floor}${compact(d.equity.total)} ${d.fraction === undefined ? pnl : change(d.fraction)} `,
  ];
  return forms.find((f) => f.length <= room) ?? forms[forms.length - 1];
}

/** Whether today's figure is a loss or a gain as shown (0.00 is neither). */
export function dayTone(d: DayPnl): 'up' | 'down' | 'flat' {
  const shown = signedAmount(d.pnl, d.equity.quote);
  return shown.startsWith('+') ? 'up' : shown.startsWith('-') ? 'down' : 'flat';
}
