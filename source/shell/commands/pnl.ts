import { defineCommand, ok, usageError } from '../command-spec.js';
import { isPnlPeriod, PNL_PERIODS, type PeriodPnl, type PnlPeriod } from '../../engine/pnl-period.js';
import { isPnlGrouping, PNL_GROUPINGS, pnlBreakdown, type PnlBreakdown, type PnlGrouping } from '../../engine/pnl-breakdown.js';
import type { Session } from '../../app/session/session.js';
import { venuePnl } from '../../engine/day-pnl.js';
import { selectTicker } from '../../store/index.js';
import { selectShareCovers } from '../../engine/strategy-held.js';
import { orderOwners } from '../../app/session/fill-record.js';
import { breakdownText, periodPnlText } from '../../format/pnl-format.js';

const spec = { usage: 'pnl [--day|--week|--month] [--by day|strategy|symbol] [--json]' };

interface PnlArgs {
  readonly period: PnlPeriod;
  readonly by?: PnlGrouping;
  readonly json: boolean;
}

export const pnlCommand = defineCommand<PnlArgs>({
  name: 'pnl',
  summary: 'profit and loss of today (UTC), this week or this month; --by day, strategy or symbol',
  usage: spec.usage,
  details: [
    'Realised gains and losses (average cost) and fees of the fills within the period, plus what is open now',
    'valued at the last price against its entry, per quote currency (never converted at a guessed rate).',
    'Periods are UTC: the day from 00:00, the week from Monday, the month from the 1st. Every fill on record',
    'counts (the ledger\'s, not only the recent ones the app keeps): a position opened last month and closed',
    'today counts today against its real entry. --by strategy keeps each strategy\'s position apart (manual:',
    'yours); the part of a strategy\'s position closed outside it (strategies: gone) counts as yours, on manual.',
    'The app\'s PnL view (key P) shows the same; the daemon\'s API answers GET /api/v1/pnl.',
  ].join('\n'),
  parse(w) {
    let period: PnlPeriod | undefined;
    let by: PnlGrouping | undefined;
    let json = false;
    for (let i = 0; i < w.length; i++) {
      const word = w[i];
      if (word === '--json') json = true;
      else if (word.startsWith('--') && isPnlPeriod(word.slice(2))) {
        if (period && period !== word.slice(2)) return usageError(spec, 'choose one of --day, --week and --month');
        period = word.slice(2) as PnlPeriod;
      } else if (word === '--by' || word.startsWith('--by=')) {
        const value = word === '--by' ? w[++i] : word.slice(5);
        if (value === undefined || !isPnlGrouping(value)) return usageError(spec, `--by needs one of ${PNL_GROUPINGS.join(', ')}${value === undefined ? '' : ` (got "${value}")`}`);
        by = value;
      } else return usageError(spec, `unexpected "${word}": periods are ${PNL_PERIODS.map((p) => `--${p}`).join(', ')}`);
    }
    return { ok: true, args: { period: period ?? 'day', json, ...(by ? { by } : {}) } };
  },
  run(session, { period, by, json }) {
    const r = pnlReport(session, period, by);
    return ok(json ? JSON.stringify(r.json, null, 2) : r.text, r.json);
  },
});

/** The PnL of a period, whole or split, as text and as data: what `pnl` prints and the app's PnL view shows. */
export function pnlReport(session: Session, period: PnlPeriod, by?: PnlGrouping): { readonly text: string; readonly json: PeriodPnl | PnlBreakdown } {
  const state = session.state();
  const now = session.now();
  const fills = session.fills();
  if (by) {
    const b = pnlBreakdown(fills, period, by, now, (symbol) => selectTicker(state, session.venue, symbol)?.last, orderOwners(session), selectShareCovers(state), state.ledger.strategyWriteOffs);
    return { text: breakdownText(b), json: b };
  }
  const p = venuePnl(state, session.venue, fills, period, now);
  return { text: periodPnlText(p), json: p };
}
