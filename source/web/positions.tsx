import { columnFormat, num, percent, signed, tone } from './format.js';
import { Section } from './section.js';
import type { PositionsBody } from './types.js';
import { positionsNote } from './positions-note.js';

export interface PositionsProps {
  readonly positions: PositionsBody;
}

/** Spot positions marked to the last price; perpetuals with their liquidation price and the account's margin ratio. */
export function Positions({ positions }: PositionsProps) {
  const { spot, perpetuals, account } = positions;
  const qty = columnFormat([...spot.map((p) => p.qty), ...perpetuals.map((p) => p.qty)]);
  // The market's prices set the decimals; averages, entries and liquidation prices are computed and shown at those.
  const price = columnFormat([...spot.map((p) => p.last), ...perpetuals.map((p) => p.markPrice)]);
  const ratio = account && perpetuals.length ? positionsNote(account.marginRatio, perpetuals) : undefined;
  return (
    <Section title="Positions" note={ratio} wide isEmpty={spot.length === 0 && perpetuals.length === 0} empty="No open positions.">
      {spot.length ? (
        <table aria-label="spot positions">
          <thead><tr><th>Spot</th><th class="n">Qty</th><th class="n opt">Avg price</th><th class="n">Last</th><th class="n">Unrealised</th><th class="n opt">Realised</th></tr></thead>
          <tbody>
            {spot.map((p) => (
              <tr key={p.symbol}>
                <td>{p.symbol}</td><td class="n">{qty(p.qty)}</td><td class="n opt">{price(p.avgPrice)}</td><td class="n">{price(p.last)}</td>
                <td class={`n ${tone(p.unrealizedPnl)}`}>{signed(p.unrealizedPnl)}</td><td class={`n opt ${tone(p.realizedPnl)}`}>{signed(p.realizedPnl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {perpetuals.length ? (
        <table aria-label="perpetual positions">
          <thead><tr><th>Perpetual</th><th>Side</th><th class="n">Qty</th><th class="n opt">Entry</th><th class="n opt">Mark</th><th class="n">Liq. price</th><th class="n opt">Lev.</th><th class="n opt">Margin</th><th class="n">Unrealised</th><th class="n opt">ROE</th></tr></thead>
          <tbody>
            {perpetuals.map((p) => (
              <tr key={`${p.symbol} ${p.side}`}>
                <td>{p.symbol}</td><td>{p.qty > 0 ? 'long' : p.qty < 0 ? 'short' : p.side}</td><td class="n">{qty(Math.abs(p.qty))}</td>
                <td class="n opt">{price(p.entryPrice)}</td><td class="n opt">{price(p.markPrice)}</td>
                <td class="n warn">{p.liquidationPrice === undefined ? 'none' : price(p.liquidationPrice)}</td>
                <td class="n opt">{p.leverage}x {p.marginMode}</td><td class="n opt">{num(p.margin, 2)}</td>
                <td class={`n ${tone(p.unrealizedPnl)}`}>{signed(p.unrealizedPnl)}</td><td class={`n opt ${tone(p.roe, 4)}`}>{percent(p.roe, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
