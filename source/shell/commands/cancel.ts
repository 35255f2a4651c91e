import { defineCommand, fail, ok, usageError } from '../command-spec.js';
import { describeOrder } from './order-command.js';

const spec = { usage: 'cancel ORDER_ID' };

export const cancelCommand = defineCommand<{ id: string }>({
  name: 'cancel',
  summary: 'cancel an open order by its id (see: orders)',
  usage: spec.usage,
  record: true,
  parse(w) {
    if (w.length !== 1) return usageError(spec, 'cancel takes one order id');
    if (!/^\d{1,12}$/.test(w[0])) return usageError(spec, `bad order id "${w[0]}": ids are whole numbers, as listed by orders`);
    return { ok: true, args: { id: String(Number(w[0])) } };
  },
  async run(session, { id }) {
    const r = await session.cancel(id);
    if (!r.ok) return fail(r.error);
    return ok(describeOrder(r.order, session), r.order);
  },
});
