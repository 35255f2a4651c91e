import { emptyLedger, emptyMarket, emptyRuntime, type LedgerState, type State } from './state.js';

/** A snapshot is the ledger plus the last sequence it covers; market data is never saved. */
export interface Snapshot {
  readonly version: 1;
  readonly seq: number;
  readonly ts: number;
  readonly ledger: LedgerState;
}

export function toSnapshot(state: State): Snapshot {
  return { version: 1, seq: state.ledgerSeq, ts: state.lastTs, ledger: state.ledger };
}

export function fromSnapshot(s: Snapshot): State {
  // Fields added to the ledger after a snapshot was written start empty.
  return { lastSeq: s.seq, lastTs: s.ts, ledgerSeq: s.seq, market: emptyMarket(), ledger: { ...emptyLedger(), ...s.ledger }, runtime: emptyRuntime() };
}
