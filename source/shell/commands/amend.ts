import { decimalProblem, parsePositiveDecimal } from '../../domain/index.js';
import { defineCommand, fail, needsForce, ok, refused, usageError } from '../command-spec.js';
import { describeOrder } from './order-command.js';

interface AmendArgs {
  readonly id: string;
  readonly price?: number;
  readonly qty?: number;
  /** Send even when the new price or size is unusual (the fat-finger guard). */
  readonly force: boolean;
}

const spec = { usage: 'amend ORDER_ID [--price P] [--qty Q] [--force]' };

export const amendCommand = defineCommand<AmendArgs>({
  name: 'amend',
  summary: 'change the price and/or quantity of a resting limit order (cancel-replace)',
  usage: spec.usage,
  details: [
    'The order is cancelled and a new one with the new terms is placed (it gets a new id and loses its',
    'place in the queue). --qty is the quantity still to fill. The new order passes the same risk checks;',
    'a change that could not pass leaves the old order alone. Far from the market needs --force, as in buy.',
  ].join('\n'),
  record: true,
  parse(words) {
    let id: string | undefined;
    let price: number | undefined;
    let qty: number | undefined;
    let force = false;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const [flag, inline] = w.startsWith('--') && w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      if (flag === '--force') force = true;
      else if (flag === '--price' || flag === '--qty') {
        const v = inline ?? words[++i];
        if (v === undefined) return usageError(spec, `${flag} needs a value`);
        const n = parsePositiveDecimal(v);
        if (n === undefined) return usageError(spec, `bad ${flag === '--price' ? 'price' : 'quantity'} "${v}": ${decimalProblem(v) ?? 'use a positive decimal number'}`);
        if (flag === '--price') price = n;
        else qty = n;
      } else if (w.startsWith('--')) return usageError(spec, `unknown option ${w}`);
      else if (id === undefined) {
        if (!/^\d{1,12}$/.test(w)) return usageError(spec, `bad order id "${w}": ids are whole numbers, as listed by orders`);
        id = String(Number(w));
      } else return usageError(spec, `unexpected "${w}": amend takes one order id`);
    }
    if (id === undefined) return usageError(spec, 'amend needs an order id');
    if (price === undefined && qty === undefined) return usageError(spec, 'amend needs --price, --qty, or both');
    return { ok: true, args: { id, price, qty, force } };
  },
  async run(session, a) {
    const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
    const old = session.orders({ all: true }).find((o) => o.id === a.id);
    if (old && old.type === 'limit' && !a.force) {
      const { warnings } = session.preview({ symbol: old.symbol, side: old.side, type: 'limit', qty: a.qty ?? old.qty - old.filledQty, price: a.price ?? old.price });
      if (warnings.length) return needsForce(`${where} amend ${a.id} not sent: ${warnings.join('; ')}. Check it, then add --force to send it anyway`);
    }
    const r = await session.amend(a.id, { ...(a.price === undefined ? {} : { price: a.price }), ...(a.qty === undefined ? {} : { qty: a.qty }) });
    if (!r.ok) return refused(`${where} ${r.error}`, r.refusal);
    return { ...ok(`${where} order ${a.id} replaced by ${describeOrder(r.order, session)}`, { ...r.order, mode: session.mode }), cancelled: [a.id] };
  },
});
