import { decimalProblem, parsePositiveDecimal, parseSymbol } from '../../domain/index.js';
import { defineCommand, fail, needsForce, ok, refused, usageError } from '../command-spec.js';
import { describeOrder } from './order-command.js';

interface OcoArgs {
  readonly side: 'buy' | 'sell';
  readonly symbol: string;
  readonly qty: number;
  readonly price: number;
  readonly stopPrice: number;
  readonly stopLimitPrice?: number;
  /** Send even when a price is unusual (the fat-finger guard). */
  readonly force: boolean;
}

const spec = { usage: 'oco buy|sell SYMBOL QTY PRICE --stop P [--stop-limit L] [--force]' };

export const ocoCommand = defineCommand<OcoArgs>({
  name: 'oco',
  summary: 'one-cancels-the-other: a limit order and a stop order; when one fills or triggers, the other is cancelled',
  usage: spec.usage,
  details: [
    'A sell OCO is a take-profit limit at PRICE above the market and a stop-loss at P below it (a buy OCO',
    'the mirror). The two share one hold of funds; a fill (even in part) of the limit or the trigger of the',
    'stop cancels the other, and cancelling one cancels both. --stop-limit L makes the stop a limit at L once',
    'triggered (else it sells at market). A price or stop far from the market needs --force (fat-finger',
    'guard). Simulated exchange, paper mode, and Binance spot (one order list).',
  ].join('\n'),
  symbolArgs: [1],
  record: true,
  parse(words) {
    const pos: string[] = [];
    const named: Record<string, string> = {};
    let force = false;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w === '--force') {
        force = true;
        continue;
      }
      if (!w.startsWith('--')) {
        pos.push(w);
        continue;
      }
      const [flag, inline] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      if (flag !== '--stop' && flag !== '--stop-limit') return usageError(spec, `unknown option ${flag}`);
      const v = inline ?? words[++i];
      if (v === undefined) return usageError(spec, `${flag} needs a price`);
      named[flag] = v;
    }
    if (pos.length !== 4) return usageError(spec, 'oco needs a side, a symbol, a quantity and a limit price');
    const side = pos[0].toLowerCase();
    if (side !== 'buy' && side !== 'sell') return usageError(spec, `bad side "${pos[0]}": buy or sell`);
    const s = parseSymbol(pos[1]);
    if (!s.ok) return { ok: false, error: s.error };
    const num = (v: string, what: string): number | string => parsePositiveDecimal(v) ?? `bad ${what} "${v}": ${decimalProblem(v) ?? 'use a positive decimal number'}`;
    const qty = num(pos[2], 'quantity');
    const price = num(pos[3], 'price');
    if (named['--stop'] === undefined) return usageError(spec, 'oco needs --stop P (the stop leg\'s trigger)');
    const stop = num(named['--stop'], 'stop price');
    const stopLimit = named['--stop-limit'] === undefined ? undefined : num(named['--stop-limit'], 'stop limit price');
    for (const v of [qty, price, stop, stopLimit]) if (typeof v === 'string') return usageError(spec, v);
    return { ok: true, args: { side, symbol: s.symbol, qty: qty as number, price: price as number, stopPrice: stop as number, stopLimitPrice: stopLimit as number | undefined, force } };
  },
  async run(session, a) {
    const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
    if (!a.force) {
      // Both legs through the one fat-finger rule: the limit leg's price, the stop leg's trigger (and its limit).
      const symbol = session.symbol(a.symbol);
      const limitLeg = session.preview({ symbol, side: a.side, type: 'limit', qty: a.qty, price: a.price });
      const stopLeg = session.preview({ symbol, side: a.side, type: a.stopLimitPrice === undefined ? 'market' : 'limit', qty: a.qty, stopPrice: a.stopPrice, ...(a.stopLimitPrice === undefined ? {} : { price: a.stopLimitPrice }) });
      // The legs share one hold: the equity-share warning is the limit leg's alone.
      const warnings = [...limitLeg.warnings, ...stopLeg.warnings.filter((w) => !w.startsWith('notional') && !w.startsWith('initial margin'))];
      if (warnings.length) return needsForce(`${where} OCO not sent: ${warnings.join('; ')}. Check it, then add --force to send it anyway`);
    }
    const r = await session.oco({ symbol: a.symbol, side: a.side, qty: a.qty, price: a.price, stopPrice: a.stopPrice, ...(a.stopLimitPrice === undefined ? {} : { stopLimitPrice: a.stopLimitPrice }) });
    if (!r.ok) return refused(`${where} ${r.error}`, r.refusal);
    return ok(r.orders.map((o) => `${where} ${describeOrder(o, session)}${o.ocoWith ? ` (OCO with ${o.ocoWith})` : ''}`).join('\n'), r.orders.map((o) => ({ ...o, mode: session.mode })));
  },
});
