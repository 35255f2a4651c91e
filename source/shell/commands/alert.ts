import { alertSubject, alertText, alertValueText, decimalProblem, isPnlAlert, parsePositiveDecimal, parseSymbol, type Alert, type Instrument, type PnlAlert } from '../../domain/index.js';
import { selectInstrument } from '../../store/index.js';
import { dayPnl } from '../../engine/day-pnl.js';
import { pnlAlertValue } from '../../engine/alerts.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { isoTime, priceText, table } from '../../format/format.js';

type AlertArgs =
  | { readonly kind: 'set'; readonly symbol: string; readonly op: '>' | '<'; readonly price: number }
  | { readonly kind: 'pnl'; readonly op: '>' | '<'; readonly level: number; readonly unit: PnlAlert['unit'] }
  | { readonly kind: 'remove'; readonly id: string };

const spec = { usage: 'alert SYMBOL >|<|above|below PRICE  |  alert pnl >|< -2%|500USDT  |  alert rm ID' };
/** A PnL level: percent points of the day's opening equity (`-2%`) or an amount in USDT (`500USDT`, `-150 USDT`). */
const PNL_LEVEL = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(%|USDT)$/i;
const OPS: Readonly<Record<string, '>' | '<'>> = { '>': '>', '>=': '>', above: '>', '<': '<', '<=': '<', below: '<' };

export const alertCommand = defineCommand<AlertArgs>({
  name: 'alert',
  summary: 'tell me once when a price, or today\'s PnL, reaches a level (alert rm ID removes one)',
  usage: spec.usage,
  details: [
    '`alert BTC/USDT > 100000` goes off once when the last price is at or above 100000; `<` at or below.',
    'In a system shell write above/below instead of >/< (the shell reads > as a redirection):',
    '  atapi alert BTC/USDT above 100000',
    '`alert pnl < -2%` goes off once when today\'s PnL (UTC day: realised minus fees plus what is open, as `pnl`)',
    'is at or below 2% of the day\'s opening equity (equity now minus today\'s PnL); `alert pnl > 500USDT` when it',
    'reaches 500 USDT. Like a price alert it goes off once, is recorded, notified (notify.level.alerts) and listed.',
    'Alerts are kept in the ledger: they outlive a restart. The terminal app rings the bell and shows',
    'the alert in the status bar; `alerts` lists those waiting and those that went off.',
  ].join('\n'),
  symbolArgs: [0],
  record: true,
  parse(w) {
    if (w[0] === 'rm' || w[0] === 'remove') {
      if (w.length !== 2 || !/^\d{1,12}$/.test(w[1])) return usageError(spec, 'alert rm takes one alert id, as listed by alerts');
      return { ok: true, args: { kind: 'remove', id: String(Number(w[1])) } };
    }
    if (w[0]?.toLowerCase() === 'pnl') {
      // `alert pnl < -150 USDT` is read as `-150USDT`.
      const level = w.length === 4 ? `${w[2]}${w[3]}` : w[2];
      if (w.length < 3 || w.length > 4) return usageError(spec, 'alert pnl needs a direction and a level: alert pnl < -2% or alert pnl > 500USDT');
      const op = OPS[w[1].toLowerCase()];
      if (!op) return usageError(spec, `bad direction "${w[1]}": use > (or above) or < (or below)`);
      const m = PNL_LEVEL.exec(level);
      if (!m) return usageError(spec, `bad PnL level "${level}": use a percent of the day's opening equity (-2%) or an amount in USDT (500USDT)`);
      const value = Number(m[1]);
      const unit = m[2] === '%' ? 'percent' : 'amount';
      if (unit === 'percent' && Math.abs(value) >= 100) return usageError(spec, `bad PnL level "${level}": a percent between -100% and 100%`);
      return { ok: true, args: { kind: 'pnl', op, level: value, unit } };
    }
    if (w.length !== 3) return usageError(spec, 'alert needs a symbol, a direction and a price');
    const s = parseSymbol(w[0]);
    if (!s.ok) return { ok: false, error: s.error };
    const op = OPS[w[1].toLowerCase()];
    if (!op) return usageError(spec, `bad direction "${w[1]}": use > (or above) or < (or below)`);
    const price = parsePositiveDecimal(w[2]);
    if (price === undefined) return usageError(spec, `bad price "${w[2]}": ${decimalProblem(w[2]) ?? 'use a positive number'}`);
    return { ok: true, args: { kind: 'set', symbol: s.symbol, op, price } };
  },
  run(session, a) {
    if (a.kind === 'remove') {
      session.removeAlert(a.id);
      return ok(`alert ${a.id} removed`, { removed: a.id });
    }
    if (a.kind === 'pnl') {
      const alert = session.alertPnl(a.op, a.level, a.unit);
      const day = dayPnl(session.state(), session.venue, session.fills(), session.now(), alert.quote);
      const now = pnlAlertValue(alert, day);
      return ok(`alert ${alert.id}: ${alertText(alert)} (now ${now === undefined ? 'no opening equity to measure against' : alertValueText(alert, now)})`, alert);
    }
    const alert = session.alert(a.symbol, a.op, a.price);
    const last = session.ticker(alert.symbol).last;
    // Prices at the market's tick size, as every price atapi shows (93,000.00, not 93,000).
    const inst = selectInstrument(session.state(), session.venue, alert.symbol);
    return ok(`alert ${alert.id}: ${alertText(alert, inst)} (last ${priceText(last, inst)})`, alert);
  },
});

/** An alert's level as the list shows it: `> 100000`, `< -2%`, `> 500.00 USDT`. */
const level = (a: Alert, inst?: Instrument): string => `${a.op} ${alertValueText(a, isPnlAlert(a) ? a.level : a.price, inst)}`;

export const alertsCommand = defineCommand<null>({
  name: 'alerts',
  summary: 'price and PnL alerts: those waiting, and the last ones that went off',
  usage: 'alerts',
  parse: (w) => (w.length === 0 ? { ok: true, args: null } : usageError({ usage: 'alerts' }, 'alerts takes no arguments')),
  run(session) {
    const waiting = session.alerts();
    const fired = session.state().ledger.triggeredAlerts.filter((a) => a.venue === session.venue).slice(-10);
    const inst = (a: Alert): Instrument | undefined => (isPnlAlert(a) ? undefined : selectInstrument(session.state(), session.venue, a.symbol));
    const rows = [
      ...waiting.map((a) => [a.id, alertSubject(a), level(a, inst(a)), 'waiting', '']),
      ...fired.map((a) => [a.id, alertSubject(a), level(a, inst(a)), `went off at ${alertValueText(a, a.last, inst(a))}`, isoTime(a.triggeredAt)]),
    ];
    if (rows.length === 0) return ok('no alerts: set one with alert BTC/USDT > 100000', { waiting, fired });
    return ok(table([{ header: 'ID', align: 'right' }, { header: 'SYMBOL' }, { header: 'LEVEL' }, { header: 'STATE' }, { header: 'WHEN (UTC)' }], rows), { waiting, fired });
  },
});
