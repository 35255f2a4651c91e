import type { EquityPoint, Valuation } from './types.js';
import { EquityChart } from './equity-chart.js';
import { amount, clock, signed, tone } from './format.js';
import type { PeriodPnl } from './types.js';

export interface FiguresProps {
  readonly valuation: Valuation;
  readonly equity: readonly EquityPoint[];
  readonly day: PeriodPnl;
  readonly week: PeriodPnl;
}

/** One period's PnL, each quote currency in its own unit (never converted at a guessed rate). */
function PnlFigure({ title, pnl }: { readonly title: string; readonly pnl: PeriodPnl }) {
  const quotes = Object.entries(pnl.byQuote);
  return (
    <div class="figure" data-period={pnl.period}>
      <span class="label">{title}</span>
      {quotes.length === 0 ? <span class="value flat">0.00</span> : null}
      {quotes.map(([quote, q]) => (
        <span key={quote} class={`value ${tone(q.pnl)}`} title={`realised ${signed(q.realised)} net of fees ${amount(q.fees, quote)}, unrealised ${signed(q.unrealised)}, ${q.trades} fills`}>
          {signed(q.pnl)} <small>{quote}</small>
        </span>
      ))}
      <span class="sub">{quotes.map(([quote, q]) => `${q.trades} fills, fees ${amount(q.fees, quote)}`).join('; ') || 'no fills'}</span>
    </div>
  );
}

/** Equity now and over time, today's and this week's PnL. */
export function Figures({ valuation, equity, day, week }: FiguresProps) {
  const first = equity[0];
  return (
    <section class="card wide figures" aria-label="equity and PnL">
      <div class="row">
        <div class="figure">
          <span class="label">Equity</span>
          <span class="value" id="equity">{amount(valuation.total, valuation.quote)} <small>{valuation.quote}</small></span>
          <span class="sub">{valuation.unvalued.length ? `not valued (no ${valuation.quote} price): ${valuation.unvalued.join(', ')}` : valuation.perpetuals ? 'spot at last prices + perpetuals margin balance' : 'spot balances at last prices'}</span>
        </div>
        <PnlFigure title="Today (UTC)" pnl={day} />
        <PnlFigure title="This week" pnl={week} />
      </div>
      <EquityChart points={equity} quote={valuation.quote} />
      <p class="sub">{first ? `Sampled by the daemon once a minute since ${clock(first.t)} UTC (kept a week); the last point is now.` : ''}</p>
    </section>
  );
}
