import { num, percent, qty, signed, tone } from './format.js';
import { Section } from './section.js';
import type { PositionsBody } from './types.js';

export interface PositionsProps {
  readonly positions: PositionsBody;
}

/** Spot positions marked to the last price; perpetuals with their liquidation price and the account's margin ratio. */
export function Positions({ positions }: PositionsProps) {
  const { spot, perpetuals, account } = positions;
  const ratio = account && perpetuals.length ? `margin ratio ${percent(account.marginRatio, 2)}` : undefined;
  return (
    <Section title="Positions" note={ratio} wide isEmpty={spot.length === 0 && perpetuals.length === 0} empty="No open positions.">
      {spot.length ? (
        <table aria-label="spot positions">
          <thead><tr><th>Spot</th><th class="n">Qty</th><th class="n">Avg price</th><th class="n">Last</th><th class="n">Unrealised</th><th class="n">Realised</th></tr></thead>
          <tbody>
            {spot.map((p) => (
              <tr key={p.symbol}>
                <td>{p.symbol}</td><td class="n">{qty(p.qty)}</td><td class="n">{qty(p.avgPrice)}</td><td class="n">{qty(p.last)}</td>
                <td class={`n ${tone(p.unrealizedPnl)}`}>{signed(p.unrealizedPnl)}</td><td class={`n ${tone(p.realizedPnl)}`}>{signed(p.realizedPnl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {perpetuals.length ? (
        <table aria-label="perpetual positions">
          <thead><tr><th>Perpetual</th><th>Side</th><th class="n">Qty</th><th class="n">Entry</th><th class="n">Mark</th><th class="n">Liq. price</th><th class="n">Lev.</th><th class="n">Margin</th><th class="n">Unrealised</th><th class="n">ROE</th></tr></thead>
          <tbody>
            {perpetuals.map((p) => (
              <tr key={`${p.symbol} ${p.side}`}>
                <td>{p.symbol}</td><td>{p.qty > 0 ? 'long' : p.qty < 0 ? 'short' : p.side}</td><td class="n">{qty(Math.abs(p.qty))}</td>
                <td class="n">{qty(p.entryPrice)}</td><td class="n">{qty(p.markPrice)}</td>
                <td class="n warn">{p.liquidationPrice === undefined ? 'none' : qty(p.liquidationPrice)}</td>
                <td class="n">{p.leverage}x {p.marginMode}</td><td class="n">{num(p.margin, 2)}</td>
                <td class={`n ${tone(p.unrealizedPnl)}`}>{signed(p.unrealizedPnl)}</td><td class={`n ${tone(p.roe)}`}>{percent(p.roe, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
