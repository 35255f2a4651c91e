import { decimalProblem, parsePositiveDecimal, parseSymbol } from '../../domain/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { isoTime, qty, table } from '../../format/format.js';

type AlertArgs = { readonly kind: 'set'; readonly symbol: string; readonly op: '>' | '<'; readonly price: number } | { readonly kind: 'remove'; readonly id: string };

const spec = { usage: 'alert SYMBOL >|<|above|below PRICE  |  alert rm ID' };
const OPS: Readonly<Record<string, '>' | '<'>> = { '>': '>', '>=': '>', above: '>', '<': '<', '<=': '<', below: '<' };

export const alertCommand = defineCommand<AlertArgs>({
  name: 'alert',
  summary: 'tell me once when a price reaches a level (alert rm ID removes one)',
  usage: spec.usage,
  details: [
    '`alert BTC/USDT > 100000` goes off once when the last price is at or above 100000; `<` at or below.',
    'In a system shell write above/below instead of >/< (the shell reads > as a redirection):',
    '  atapi alert BTC/USDT above 100000',
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
    const alert = session.alert(a.symbol, a.op, a.price);
    const last = session.ticker(alert.symbol).last;
    return ok(`alert ${alert.id}: ${alert.symbol} ${alert.op} ${qty(alert.price)} (last ${qty(last)})`, alert);
  },
});

export const alertsCommand = defineCommand<null>({
  name: 'alerts',
  summary: 'price alerts: those waiting, and the last ones that went off',
  usage: 'alerts',
  parse: (w) => (w.length === 0 ? { ok: true, args: null } : usageError({ usage: 'alerts' }, 'alerts takes no arguments')),
  run(session) {
    const waiting = session.alerts();
    const fired = session.state().ledger.triggeredAlerts.filter((a) => a.venue === session.venue).slice(-10);
    const rows = [
      ...waiting.map((a) => [a.id, a.symbol, `${a.op} ${qty(a.price)}`, 'waiting', '']),
      ...fired.map((a) => [a.id, a.symbol, `${a.op} ${qty(a.price)}`, `went off at ${qty(a.last)}`, isoTime(a.triggeredAt)]),
    ];
    if (rows.length === 0) return ok('no alerts: set one with alert BTC/USDT > 100000', { waiting, fired });
    return ok(table([{ header: 'ID', align: 'right' }, { header: 'SYMBOL' }, { header: 'LEVEL' }, { header: 'STATE' }, { header: 'WHEN (UTC)' }], rows), { waiting, fired });
  },
});
