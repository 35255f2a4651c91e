import { baseOf, isPerpetualSymbol, type Fill } from '../domain/index.js';
import { selectPositionMode, selectStrategyAccount, type State } from '../store/index.js';
import { claimKey, coverShares, selectNettings, shareBook, type Netting, type ShareCover } from './strategy-held.js';

/** The covers and nettings of a past moment (strategy-held.ts), as every view reads them now. */
export interface HeldAt {
  readonly covers: Map<string, ShareCover>;
  readonly nettings: Map<string, Netting>;
}

/**
 * What the account held of each instance's own position at `at` (the end of a day a summary
 * is about), not at the moment the summary is built: a position closed by hand after midnight
 * was held at midnight, and one closed before it was gone then, whenever the summary is read.
 * Each instance's own position and the account are rolled back by the fills since `at`
 * (`fills`: every fill on record; `owner`: who placed each order, as pnl --by strategy names
 * them). What moved outside fills since (a deposit or withdrawal, a liquidation) is read as of
 * now; so is a hedge-mode fill whose order the state no longer holds (its side unknown).
 */
export function shareCoversAt(state: State, at: number, fills: readonly Fill[], owner: (orderId: string) => string): HeldAt {
  const ownSince = new Map<string, number>();
  const accountSince = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, d: number): void => void m.set(k, (m.get(k) ?? 0) + d);
  for (const f of fills) {
    if (f.ts < at) continue;
    const signed = f.side === 'buy' ? f.qty : -f.qty;
    const who = owner(f.orderId);
    if (state.ledger.strategies[who]) bump(ownSince, who, signed);
    const key = accountKey(state, f);
    // A spot buy's fee taken in the coin itself never reached the balance.
    if (key !== undefined) bump(accountSince, key, signed - (!isPerpetualSymbol(f.symbol) && f.feeAsset === baseOf(f.symbol) ? f.fee : 0));
  }
  // A write-off since took the part off its own position: at `at` it still claimed it.
  for (const [id, offs] of Object.entries(state.ledger.strategyWriteOffs ?? {})) for (const o of offs) if (o.ts >= at) bump(ownSince, id, -o.qty);
  const clean = (x: number): number => (Math.abs(x) < 1e-12 ? 0 : Number(x.toFixed(12)));
  const book = shareBook(state, {
    own: (id) => clean(selectStrategyAccount(state, id).qty - (ownSince.get(id) ?? 0)),
    account: (key, now) => (now === undefined ? undefined : clean(now - (accountSince.get(key) ?? 0))),
  });
  const covers = coverShares(book.account, book.claims);
  return { covers, nettings: selectNettings(state, covers, book.account) };
}

/** Where a fill moved the account, keyed as the claims are (strategy-held.ts claimKey); undefined when not known. */
function accountKey(state: State, f: Fill): string | undefined {
  if (!isPerpetualSymbol(f.symbol) || selectPositionMode(state, f.venue) !== 'hedge') return claimKey(state, f.venue, f.symbol, f.side === 'buy' ? 1 : -1);
  const side = state.ledger.orders[f.orderId]?.positionSide;
  return side === 'LONG' || side === 'SHORT' ? claimKey(state, f.venue, f.symbol, side === 'LONG' ? 1 : -1) : undefined;
}
