import { qty } from '../domain/number-text.js';
import type { Envelope } from './types.js';

export interface AlertRow {
  readonly id: string;
  readonly what: string;
  readonly state: 'set' | 'triggered' | 'removed';
  readonly ts: number;
}

/** Each alert as its events leave it: still set, triggered (at which price) or removed. */
export function alertRows(events: readonly Envelope[]): AlertRow[] {
  const rows = new Map<string, AlertRow>();
  for (const { ts, event: e } of events) {
    if (e.type === 'alert/set') {
      const a = e.data.alert;
      rows.set(a.id, { id: a.id, what: `${a.symbol} ${a.op} ${qty(a.price)}`, state: 'set', ts: a.createdAt || ts });
    } else if (e.type === 'alert/triggered') {
      const r = rows.get(e.data.id);
      rows.set(e.data.id, { id: e.data.id, what: `${r?.what ?? `alert ${e.data.id}`} (last ${qty(e.data.last)})`, state: 'triggered', ts: e.data.ts });
    } else if (e.type === 'alert/removed') {
      const r = rows.get(e.data.id);
      if (r) rows.set(e.data.id, { ...r, state: 'removed', ts: e.data.ts });
    }
  }
  return [...rows.values()].sort((a, b) => b.ts - a.ts);
}
