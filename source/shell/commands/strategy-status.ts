import { selectInstrument } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { fee, isoTime, num, price, quantity, share, table } from '../../format/format.js';
import { instanceState, paramsText, signed } from '../strategy-format.js';
import type { Session } from '../../app/session/session.js';
import { haltText } from '../../engine/halt.js';
import { formatExits } from '../../engine/strategy-exits.js';
import { nettedText, notHeldText } from '../../format/strategy-held-text.js';

const spec = { usage: 'status [ID]' };

export const statusCommand = defineCommand<{ id?: string }>({
  name: 'status',
  summary: 'whether trading is halted (flatten) and what runs; with an ID, one strategy instance: its figures, settings and trades',
  usage: spec.usage,
  parse(w) {
    if (w.length === 0) return { ok: true, args: {} };
    if (w.length !== 1 || w[0].startsWith('--')) return usageError(spec, 'status takes at most one strategy id (see: strategies)');
    return { ok: true, args: { id: w[0] } };
  },
  run(session, { id }) {
    if (id === undefined) return tradingStatus(session);
    const st = session.strategyStatus(id);
    const v = st.strategy;
    const inst = selectInstrument(session.state(), session.venue, v.symbol);
    const quote = inst?.quote ?? v.symbol.split('/')[1] ?? '';
    const offs = session.state().ledger.strategyWriteOffs?.[v.id] ?? [];
    const lines = [
      `${v.id}: ${v.name}${v.module ? ` (${v.module})` : ''} on ${v.symbol} ${v.timeframe}, ${v.mode.toUpperCase()}, ${instanceState(v)}${v.problem ? ` (${v.problem})` : ''}`,
      `size ${v.size}; params ${paramsText(v.name, v.params) || 'none'}${v.exits ? `; exits ${formatExits(v.exits)}` : ''}`,
      // Its own position closed outside it: said in words, never "position 0".
      v.notHeld?.cover === 'none' ? `${notHeldText(v)} (its own entry avg ${price(v.avgPrice, inst)})` : `position ${quantity(v.position, inst)} ${inst?.base ?? ''} at avg ${v.position ? price(v.avgPrice, inst) : '-'}, exposure ${num(v.exposure, 2)} ${quote}${v.notHeld ? `: ${notHeldText(v)}` : ''}`,
      // Netted with other instances on a one-way perpetual: who holds what, and the account's position.
      ...(v.netted ? [nettedText(v)!] : []),
      `PnL realised ${signed(v.realizedPnl)} ${quote} (net of fees), unrealised ${v.notHeld?.cover === 'none' ? 'none (position gone)' : `${signed(v.unrealizedPnl)} ${quote}`}; fees ${num(v.fees, 2)} ${quote}`,
      `trades ${v.trades}, round trips ${v.roundTrips}, wins ${v.wins}${v.winRate === null ? '' : ` (${share(v.winRate, 0)})`}`,
      // What was written off its claim (strategies write-off): not trades of its own, so said apart.
      ...(offs.length ? [`written off (gone outside it)${offs.length > 3 ? `, the last 3 of ${offs.length} (history strategy/written-off)` : ''}:`, ...offs.slice(-3).map((o) => `  ${quantity(Math.abs(o.qty), inst)} ${inst?.base ?? ''} at its entry ${price(o.price, inst)}, ${isoTime(o.ts)} by ${o.source}`)] : []),
      `last signal ${v.lastSignal ? `${v.lastSignal.target ? `target ${v.lastSignal.target}` : v.lastSignal.side} at ${isoTime(v.lastSignal.ts)}: ${v.lastSignal.reason}` : 'none yet'}`,
      ...(v.lastHold ? [`last ${v.lastHold.kind === 'held' ? 'hold' : 'refusal'} (${v.lastHold.target}) at ${isoTime(v.lastHold.ts)}: ${v.lastHold.text} [${v.lastHold.code}]`] : []),
      ...(v.nextCandleAt !== null ? [`warm-up ${v.warmup.seen}/${v.warmup.need} candles; next candle closes ${isoTime(v.nextCandleAt)} UTC`] : []),
    ];
    if (st.trades.length === 0) return ok([...lines, 'no trades yet'].join('\n'), st);
    const rows = st.trades.slice(-20).map((f) => [isoTime(f.ts), f.orderId, f.side, quantity(f.qty, inst), price(f.price, inst), `${fee(f.fee, f.feeAsset)} ${f.feeAsset}`]);
    const t = table([{ header: 'TIME (UTC)' }, { header: 'ORDER', align: 'right' }, { header: 'SIDE' }, { header: 'QTY', align: 'right' }, { header: 'PRICE', align: 'right' }, { header: 'FEE', align: 'right' }], rows);
    return ok([...lines, '', st.trades.length > 20 ? `last 20 of ${st.trades.length} trades:` : 'trades:', t].join('\n'), st);
  },
});

/** `status` alone: the kill switch, the mode and what runs, in a few lines. */
function tradingStatus(session: Session) {
  const halt = session.halted() ?? null;
  const all = session.strategies();
  const running = all.filter((s) => s.status === 'running').map((s) => s.id);
  // Recorded running is not trading: one not live here says so; one atapi stopped for failing is named with why.
  const notLive = new Set(all.filter((s) => s.status === 'running' && !s.live).map((s) => s.id));
  const failed = all.filter((s) => s.stopCode === 'strategy.failed');
  const lines = [
    halt ? `HALTED: ${haltText(halt)} since ${isoTime(halt.since)} UTC; only orders that reduce a position pass (resume to trade again)` : 'trading: allowed',
    `${session.mode.toUpperCase()} on ${session.label}; strategies running: ${running.map((id) => (notLive.has(id) ? `${id} (not live)` : id)).join(', ') || 'none'}; open orders: ${session.orders().length}`,
    ...(failed.length ? [`failed (status ID says why; strategies prune takes them off): ${failed.map((s) => s.id).join(', ')}`] : []),
  ];
  return ok(lines.join('\n'), { halted: halt, mode: session.mode, venue: session.venue, running, openOrders: session.orders().length, failed: failed.map((s) => s.id) });
}
