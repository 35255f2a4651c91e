import type { Balance, DomainEvent, Envelope, Level } from '../domain/index.js';
import { isDurable, isOpenStatus, marketKey } from '../domain/index.js';
import { foldCandle } from './candle-fold.js';
import { Draft } from './draft.js';
import { evolveFutures } from './futures-evolve.js';
import { bookCarryTx, evolveCarry } from './carry-evolve.js';
import { applyFill, foldAccepted, foldCancelAsked, foldEnded, foldSubmitted, foldTriggered, trim } from './fold-orders.js';
import { applyStrategyFill, applyWriteOff } from './strategy-account.js';
import { MAX_ARB_TXS, MAX_PUBLIC_TRADES, MAX_NOTICES, MAX_SIGNAL_IDS, type State } from './state.js';

/**
 * The fold: a pure function of the state and a batch of events. No I/O, no clock, no
 * randomness; time comes from the envelopes.
 */
export function applyEvents(state: State, batch: readonly Envelope[]): State {
  if (batch.length === 0) return state;
  const d = new Draft(state);
  foldInto(d, batch);
  return d.finish();
}

/** Folds `batch` into `d` (the general fold; `replay.ts` uses it too). */
export function foldInto(d: Draft, batch: readonly Envelope[]): void {
  for (let i = 0; i < batch.length; i++) {
    const env = batch[i];
    evolveInto(d, env.event, env.ts);
    d.lastSeq = env.seq;
    d.lastTs = env.ts;
    if (isDurable(env.event)) d.ledgerSeq = env.seq;
  }
}

export function evolve(state: State, env: Envelope): State {
  return applyEvents(state, [env]);
}

function evolveInto(d: Draft, e: DomainEvent, ts: number): void {
  switch (e.type) {
    case 'market/instruments': {
      const map = d.instruments();
      for (const i of e.data.instruments) map[marketKey(i.venue, i.symbol)] = i;
      return;
    }
    case 'market/ticker':
      d.tickers()[marketKey(e.data.venue, e.data.symbol)] = e.data;
      return;
    case 'market/trade': {
      const tape = d.tradeSeries(marketKey(e.data.venue, e.data.symbol));
      tape.push(e.data);
      trim(tape, MAX_PUBLIC_TRADES);
      return;
    }
    case 'market/candle':
      foldCandle(d, e.data.venue, e.data.symbol, e.data.timeframe, e.data.candle);
      return;
    case 'market/book': {
      const key = marketKey(e.data.venue, e.data.symbol);
      const books = d.books();
      const prev = books[key];
      if (e.data.snapshot || !prev) {
        books[key] = { venue: e.data.venue, symbol: e.data.symbol, bids: e.data.bids, asks: e.data.asks, ts: e.data.ts };
      } else {
        books[key] = {
          ...prev,
          bids: mergeLevels(prev.bids, e.data.bids, true),
          asks: mergeLevels(prev.asks, e.data.asks, false),
          ts: e.data.ts,
        };
      }
      return;
    }
    case 'market/supplies':
      d.setSupplies(e.data);
      return;
    case 'market/connection':
      d.connections()[e.data.venue] = { state: e.data.state, detail: e.data.detail };
      return;
    case 'order/submitted':
      foldSubmitted(d, e.data.order);
      return;
    case 'order/accepted':
      foldAccepted(d, e.data.id, e.data.exchangeOrderId, e.data.ts);
      return;
    case 'order/partiallyFilled':
    case 'order/filled':
      applyFill(d, e.data.fill, e.type === 'order/filled');
      return;
    case 'order/unknown': {
      const o = d.order(e.data.id);
      // Only an order not yet settled can become unknown; a known outcome stays known.
      if (!o || !isOpenStatus(o.status)) return;
      const w = d.writableOrder(o);
      w.status = 'unknown';
      w.reason = e.data.reason;
      w.updatedAt = e.data.ts;
      return;
    }
    case 'order/triggered':
      foldTriggered(d, e.data.id, e.data.ts, e.data.firedOrderId, e.data.qty);
      endTrail(d, e.data.id);
      return;
    // A record for the trader's eyes: nothing was placed, so nothing in the state changes.
    case 'order/refused':
      return;
    case 'order/cancel-asked':
      foldCancelAsked(d, e.data.id, e.data.by, e.data.notSent === true, e.data.stands);
      return;
    case 'order/cancelled':
    case 'order/rejected':
      foldEnded(d, e.data.id, e.data.reason, e.data.ts, e.type === 'order/cancelled');
      endTrail(d, e.data.id);
      return;
    case 'account/balances': {
      const { venue, balances, full } = e.data;
      if (full) d.replaceBalances(venue, { ...balances } as Record<string, Balance>);
      else Object.assign(d.balances(venue), balances);
      return;
    }
    case 'strategy/status': {
      const prev = d.readLedger.strategies[e.data.strategyId];
      // A status without the resume fields (an older writer) keeps those already known.
      d.strategies()[e.data.strategyId] = { ...prev, ...e.data, lastSignal: prev?.lastSignal };
      return;
    }
    case 'strategy/held':
    case 'strategy/refused': {
      const { target, reason, ts: at } = e.data;
      d.strategyHolds()[e.data.strategyId] = { kind: e.type === 'strategy/held' ? 'held' : 'refused', target, reason, ts: at };
      return;
    }
    case 'strategy/signal': {
      // A new signal is a new target: whatever held the last one no longer stands.
      if (d.readLedger.strategyHolds?.[e.data.strategyId]) delete d.strategyHolds()[e.data.strategyId];
      const s = d.readLedger.strategies[e.data.strategyId];
      if (!s) return;
      const stopped = e.data.exit === 'stop-loss' || e.data.exit === 'trailing';
      d.strategies()[s.strategyId] = { ...s, lastSignal: { side: e.data.side, reason: e.data.reason, ts: e.data.ts, ...(e.data.target ? { target: e.data.target } : {}) }, ...(stopped ? { lastStopLoss: e.data.ts } : {}) };
      return;
    }
    case 'strategy/pruned': {
      // Only a stopped instance leaves the list; its account and trades (money facts) stay, and an
      // empty trade list is kept for one that never traded, so its id stays taken (newInstanceId).
      for (const id of e.data.ids) {
        if (d.readLedger.strategies[id]?.status !== 'stopped') continue;
        delete d.strategies()[id];
        if (d.readLedger.strategyHolds?.[id]) delete d.strategyHolds()[id];
        if (!d.readLedger.strategyTrades?.[id]) d.strategyTrades()[id] = [];
      }
      return;
    }
    case 'strategy/written-off': {
      // Its account loses the part; the record is kept beside its fills (state.ts strategyWriteOffs).
      const id = e.data.strategyId;
      const prev = d.readLedger.strategyAccounts?.[id];
      d.strategyAccounts()[id] = applyWriteOff(prev, e.data);
      d.strategyWriteOffs()[id] = [...(d.readLedger.strategyWriteOffs?.[id] ?? []), { ...e.data, fills: prev?.fills ?? 0 }];
      return;
    }
    case 'strategy/trail': {
      const s = d.readLedger.strategies[e.data.strategyId];
      if (!s) return;
      d.strategies()[s.strategyId] = { ...s, trail: { peak: e.data.peak, entry: e.data.entry } };
      return;
    }
    case 'runtime/trail':
      d.trails()[e.data.id] = e.data;
      return;
    case 'runtime/strategy': {
      const { strategyId, ...runtime } = e.data;
      d.strategyRuntimes()[strategyId] = runtime;
      return;
    }
    case 'signal/received':
      // Only a signal acted on holds its id: a refused one may be sent again and tried again.
      if (e.data.accepted && e.data.id !== undefined) {
        const ids = d.signalIds();
        ids.push({ id: e.data.id, ts: e.data.ts });
        trim(ids, MAX_SIGNAL_IDS);
      }
      return;
    case 'arb/started':
      d.arbInstances()[e.data.instance.id] = e.data.instance;
      return;
    case 'arb/stopped': {
      const i = d.readLedger.arbInstances?.[e.data.id];
      if (i) d.arbInstances()[e.data.id] = { ...i, status: 'stopped', reason: e.data.reason };
      return;
    }
    case 'arb/planned':
      d.arbTxs()[e.data.tx.id] = e.data.tx;
      return;
    case 'arb/leg': {
      const tx = d.readLedger.arbTxs?.[e.data.txId];
      if (tx) d.arbTxs()[tx.id] = { ...tx, orders: [...(tx.orders ?? []), { role: e.data.role, orderId: e.data.orderId }] };
      return;
    }
    case 'arb/settled': {
      const tx = d.readLedger.arbTxs?.[e.data.txId];
      if (!tx || tx.outcome) return;
      const txs = d.arbTxs();
      txs[tx.id] = { ...tx, outcome: e.data.outcome };
      bookCarryTx(d, txs[tx.id]);
      // Keep the most recent settled ones; an unsettled one is never dropped (a restart finishes it).
      const settled = Object.values(txs).filter((t) => t.outcome).sort((a, b) => a.plannedAt - b.plannedAt || a.id.localeCompare(b.id));
      for (const t of settled.slice(0, Math.max(0, settled.length - MAX_ARB_TXS))) delete txs[t.id];
      return;
    }
    case 'carry/started':
    case 'carry/stopped':
    case 'carry/funding':
    case 'carry/derisked':
      evolveCarry(d, e);
      return;
    case 'bracket/set':
      d.brackets()[e.data.bracket.entryId] = e.data.bracket;
      return;
    case 'bracket/ended':
      // The log keeps how it ended; the state only holds brackets still waiting.
      if (d.readLedger.brackets?.[e.data.entryId]) delete d.brackets()[e.data.entryId];
      return;
    case 'alert/set':
      d.alerts()[e.data.alert.id] = e.data.alert;
      d.bumpCounter('alertCount');
      return;
    case 'alert/triggered': {
      const a = d.readLedger.alerts[e.data.id];
      if (!a) return; // went off already, or removed: an alert tells once
      delete d.alerts()[a.id];
      const fired = d.triggeredAlerts();
      fired.push({ ...a, last: e.data.last, triggeredAt: e.data.ts });
      trim(fired, MAX_NOTICES);
      return;
    }
    case 'alert/removed':
      if (d.readLedger.alerts[e.data.id]) delete d.alerts()[e.data.id];
      return;
    case 'watchlist/set':
      d.watchlists()[e.data.venue] = [...e.data.symbols];
      return;
    case 'user/command':
      d.bumpCounter('commandCount');
      return;
    case 'trading/halted': {
      // A second halt while halted (flatten again) keeps the first: the reason trading stopped.
      if (d.readLedger.halt) return;
      const { reason, source, ts: since, rule, action } = e.data;
      d.setHalt({ reason, source, since, ...(rule === undefined ? {} : { rule }), ...(action === 'flatten' ? { ordersBefore: d.readLedger.orderCount } : {}) });
      return;
    }
    case 'trading/resumed': {
      const halt = d.readLedger.halt;
      if (!halt) return;
      d.setHalt(undefined);
      // A trader resuming a protection's halt overrides the rule for now: the daily loss for the
      // rest of the UTC day, the drawdown by measuring from a new peak (else it trips at once).
      if (halt.rule && e.data.source !== 'protect') d.setProtectResumed({ rule: halt.rule, ts: e.data.ts });
      if (halt.rule === 'protect.maxDrawdownPercent') d.clearEquityPeaks();
      return;
    }
    case 'protect/peak': {
      // Only a higher figure in the same currency moves it: a replayed or late lower one does not.
      const { venue, quote, equity, ts: at } = e.data;
      const was = d.readLedger.equityPeaks?.[venue];
      if (!was || was.quote !== quote || equity > was.equity) d.setEquityPeak(venue, { quote, equity, ts: at });
      return;
    }
    case 'system/notice': {
      const n = d.notices();
      n.push({ level: e.data.level, message: e.data.message, ts });
      trim(n, MAX_NOTICES);
      return;
    }
    case 'ledger/repaired':
      d.setRepairWarning({ lines: [...e.data.lines], ts: e.data.ts });
      return;
    case 'ledger/acknowledged':
      if (d.readLedger.repairWarning) d.setRepairWarning(undefined);
      return;
    case 'market/mark':
      d.setMark(marketKey(e.data.venue, e.data.symbol), e.data);
      return;
    case 'futures/wallet':
    case 'futures/positionMode':
    case 'futures/leverage':
    case 'futures/marginMode':
    case 'futures/position':
    case 'futures/funding':
      d.setFutures(evolveFutures(d.readLedger.futures, e));
      return;
    case 'futures/liquidation':
      d.setFutures(evolveFutures(d.readLedger.futures, e));
      liquidateStrategyAccounts(d, e.data);
      return;
    default: {
      const never: never = e;
      void never;
    }
  }
}

/**
 * The exchange closed a whole position (one side in hedge mode): every strategy instance on
 * that symbol holding that side lost its share with it, at the liquidation price. Without
 * this an instance would go on believing it holds a position the exchange no longer has.
 */
function liquidateStrategyAccounts(d: Draft, l: { readonly venue: string; readonly symbol: string; readonly side: string; readonly qty: number; readonly price: number }): void {
  const sign = l.side === 'LONG' ? 1 : l.side === 'SHORT' ? -1 : Math.sign(l.qty);
  for (const s of Object.values(d.readLedger.strategies)) {
    if (s.venue !== l.venue || s.symbol !== l.symbol) continue;
    const prev = d.readLedger.strategyAccounts?.[s.strategyId];
    if (!prev || prev.qty === 0 || Math.sign(prev.qty) !== sign) continue;
    const next = applyStrategyFill(prev, { side: prev.qty > 0 ? 'sell' : 'buy', qty: Math.abs(prev.qty), price: l.price, fee: 0 });
    // Not a fill of its orders: the count of fills stays.
    d.strategyAccounts()[s.strategyId] = { ...next, fills: prev.fills };
  }
}

/** Applies a delta to one side of a book; bids sort descending, asks ascending. */
function mergeLevels(prev: readonly Level[], delta: readonly Level[], desc: boolean): Level[] {
  const map = new Map<number, number>(prev.map(([p, q]) => [p, q]));
  for (const [p, q] of delta) {
    if (q === 0) map.delete(p);
    else map.set(p, q);
  }
  const out = [...map.entries()] as Level[];
  out.sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0]));
  return out;
}

/** A trailing stop that fired or ended trails no more: its moving trigger leaves the read model. */
function endTrail(d: Draft, id: string): void {
  if (d.readRuntime.trails?.[id] !== undefined) delete d.trails()[id];
}
