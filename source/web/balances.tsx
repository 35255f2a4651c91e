import { amount } from './format.js';
import { Section } from './section.js';
import type { Balance } from './types.js';

export interface BalancesProps {
  readonly balances: Readonly<Record<string, Balance>>;
}

export function Balances({ balances }: BalancesProps) {
  const rows = Object.entries(balances).filter(([, b]) => b.free + b.locked !== 0).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Section title="Balances" isEmpty={rows.length === 0} empty="No balances.">
      <table>
        <thead><tr><th>Asset</th><th class="n opt">Free</th><th class="n opt">Locked</th><th class="n">Total</th></tr></thead>
        <tbody>
          {rows.map(([asset, b]) => (
            <tr key={asset}><td>{asset}</td><td class="n opt">{amount(b.free, asset)}</td><td class="n opt">{amount(b.locked, asset)}</td><td class="n">{amount(b.free + b.locked, asset)}</td></tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
