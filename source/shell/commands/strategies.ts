import { selectRunningArbInstances, type State } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { strategiesTable } from '../strategy-format.js';

const spec = { usage: 'strategies [--all]' };

export const strategiesCommand = defineCommand<{ all: boolean }>({
  name: 'strategies',
  summary: 'strategy instances with their own position, PnL, fees, trades and win rate (--all: stopped ones too)',
  usage: spec.usage,
  details: [
    'Each instance trades its own account inside yours: POS, AVG, REAL PNL (net of fees), UNREAL (at the last',
    'price), FEES, TRADES (fills) and WIN (round trips that made money) count only its orders, never your manual',
    'trades. STATE is running, warm-up N/M (candles until it can signal), stopped, or not live (recorded running,',
    'but it could not resume here). Start one with start, stop it with stop, see its trades with status.',
  ].join('\n'),
  parse(w) {
    if (w.length === 0) return { ok: true, args: { all: false } };
    if (w.length === 1 && w[0] === '--all') return { ok: true, args: { all: true } };
    return usageError(spec, `unexpected "${w.join(' ')}"`);
  },
  run(session, { all }) {
    const list = session.strategies().filter((v) => all || v.status === 'running');
    const others = otherInstances(session.state());
    if (list.length === 0) return ok(`${all ? 'no strategy has run yet (start one: start sma BTC/USDT)' : 'no strategy running (start one: start sma BTC/USDT; strategies --all lists stopped ones)'}${others}`, list);
    return ok(`${strategiesTable(session.state(), list)}${others}`, list);
  },
});

/** Arbitrage and carry instances running: listed by `arb txs`, named here so `strategies` does not read as "nothing runs". */
function otherInstances(state: State): string {
  const ids = selectRunningArbInstances(state);
  return ids.length ? `\narbitrage and carry instances running: ${ids.join(', ')} (see: arb txs)` : '';
}
