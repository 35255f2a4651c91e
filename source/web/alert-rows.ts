import { alertText, alertValueText, isPnlAlert } from '../domain/alerts.js';
import type { AlertsBody } from './types.js';

export interface AlertRow {
  readonly key: string;
  readonly what: string;
  readonly state: 'set' | 'triggered';
  readonly ts: number;
}

/** The alerts set now and those that fired (at which price), newest first. */
export function alertRows(alerts: AlertsBody): AlertRow[] {
  const set = alerts.set.map((a) => ({ key: `set ${a.id}`, what: alertText(a), state: 'set' as const, ts: a.createdAt }));
  const fired = alerts.triggered.map((a) => ({ key: `fired ${a.id} ${a.triggeredAt}`, what: `${alertText(a)} (${isPnlAlert(a) ? 'then' : 'last'} ${alertValueText(a, a.last)})`, state: 'triggered' as const, ts: a.triggeredAt }));
  return [...set, ...fired].sort((a, b) => b.ts - a.ts);
}
