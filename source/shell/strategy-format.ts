import { instancePhase } from '../engine/instance-phase.js';
import type { StrategyInstanceView } from '../engine/strategy-figures.js';
import type { Instrument } from '../domain/index.js';
import type { State } from '../store/index.js';
import { instanceOfOrder, selectInstrument } from '../store/index.js';
import { isoTime, num, price, quantity, share, table } from '../format/format.js';
import { heldCell, nettedLines, notHeldText } from '../format/strategy-held-text.js';
import { findAnyStrategy } from '../strategies/registry.js';
import { paramValueText } from '../strategies/strategy.js';

/** Who placed an order: its strategy, arbitrage or carry instance, `manual`, or `-` once the order left the state. */
export function orderOwner(s: State, orderId: string): string {
  return s.ledger.orders[orderId] ? (instanceOfOrder(s.ledger, orderId) ?? 'manual') : '-';
}

/** `running`, `stopped`, `failed` (the runtime stopped it: it threw or overran its budget), or why a recorded running instance is not live here. */
export function instanceState(v: StrategyInstanceView): string {
  const phase = instancePhase(v);
  return phase === 'warm-up' ? `warm-up ${v.warmup.seen}/${v.warmup.need}` : phase;
}

export function signed(n: number, decimals = 2): string {
  const t = num(n, decimals);
  return n > 0 && !/^[0.,]*$/.test(t) ? `+${t}` : t;
}

/** Under the notes of instances whose position went outside them: the one command that settles it. */
const WRITE_OFF_HINT = 'what is gone stays claimed until written off: strategies write-off ID (or --all)';

/** The `strategies` table: one row per instance with its own figures; under it, what the account no longer holds of an instance's own position. */
export function strategiesTable(s: State, list: readonly StrategyInstanceView[]): string {
  const rows = list.map((v) => {
    const inst: Instrument | undefined = selectInstrument(s, s.ledger.strategies[v.id]?.venue ?? '', v.symbol);
    return [
      v.id, v.symbol, v.timeframe, v.size, instanceState(v), heldCell(v, (n) => quantity(n, inst)), v.position ? price(v.avgPrice, inst) : '-',
      signed(v.realizedPnl), v.notHeld?.cover === 'none' ? '-' : signed(v.unrealizedPnl), num(v.fees, 2), String(v.trades), v.winRate === null ? '-' : share(v.winRate, 0),
      v.lastSignal ? `${v.lastSignal.target ?? v.lastSignal.side} ${isoTime(v.lastSignal.ts).slice(11, 16)}` : '-',
    ];
  });
  const notes = list.flatMap((v) => {
    const t = notHeldText(v);
    return t ? [`${v.id}: ${t}`] : [];
  });
  // Instances netting on one market: said once per market, whoever of them is listed.
  const nets = nettedLines(list);
  return table(
    [
      { header: 'ID' }, { header: 'SYMBOL' }, { header: 'TF' }, { header: 'SIZE', align: 'right' }, { header: 'STATE' }, { header: 'POS', align: 'right' },
      { header: 'AVG', align: 'right' }, { header: 'NET REAL', align: 'right' }, { header: 'UNREAL', align: 'right' }, { header: 'FEES', align: 'right' },
      { header: 'TRADES', align: 'right' }, { header: 'WIN', align: 'right' }, { header: 'SIGNAL' },
    ],
    rows,
  ) + [...notes, ...nets, ...(notes.length ? [WRITE_OFF_HINT] : [])].map((n) => `\n${n}`).join('');
}

/** An instance's parameters as typed (`every=5m on-drop=0.2%`), by its strategy's units; a user strategy's as numbers. */
export function paramsText(name: string, params: Readonly<Record<string, number>>): string {
  const def = findAnyStrategy(name);
  return Object.entries(params).map(([k, n]) => `${k}=${paramValueText(def?.params[k], n)}`).join(' ');
}
