import { notHeldText } from '../format/strategy-held-text.js';
import { percent, qty, signed, tone } from './format.js';
import { noteWord, positionWord, stateWord } from './strategy-words.js';
import { Section } from './section.js';
import type { StrategyInstanceView } from './types.js';

export interface StrategiesProps {
  readonly strategies: readonly StrategyInstanceView[];
  /** Given when api.webCommands is on: asks to stop one instance. */
  readonly onStop?: (s: StrategyInstanceView) => void;
}

export function Strategies({ strategies, onStop }: StrategiesProps) {
  const running = strategies.filter((s) => s.status === 'running').length;
  return (
    <Section title="Strategies" note={strategies.length ? `${running} running` : undefined} wide isEmpty={strategies.length === 0} empty="No strategy instances.">
      <table>
        <thead><tr><th>Id</th><th class="opt">Strategy</th><th>Status</th><th class="n">Position</th><th class="n opt">Realised</th><th class="n opt">Unrealised</th><th class="n opt">Fees</th><th class="n opt">Trades</th><th class="n opt">Win rate</th><th>Last signal or hold</th>{onStop ? <th /> : null}</tr></thead>
        <tbody>
          {strategies.map((s) => (
            <tr key={s.id}>
              <td>{s.id}</td><td class="opt">{s.name} {s.symbol} {s.timeframe}<br /><span class="dim">{s.size}</span></td>
              <td class={s.status === 'running' ? (s.live ? 'up' : 'warn') : s.stopCode === 'strategy.failed' ? 'warn' : 'dim'}>{stateWord(s)}</td>
              <td class="n" title={notHeldText(s)}>{positionWord(s)}</td>
              <td class={`n opt ${tone(s.realizedPnl)}`}>{signed(s.realizedPnl)}</td><td class={`n opt ${tone(s.unrealizedPnl)}`}>{s.notHeld?.cover === 'none' ? '–' : signed(s.unrealizedPnl)}</td>
              <td class="n opt">{qty(s.fees, 4)}</td><td class="n opt">{s.trades}</td><td class="n opt">{s.winRate === null ? '–' : percent(s.winRate, 0)}</td>
              <td class="why">{noteWord(s)}</td>
              {onStop ? <td>{s.status === 'running' ? <button class="small" onClick={() => onStop(s)}>Stop</button> : null}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
