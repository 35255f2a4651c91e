import { selectInstrument } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { describeEvent } from '../../format/describe-event.js';
import { isoTime, table } from '../../format/format.js';

const spec = { usage: 'history [TYPE | order ID] [--limit N]' };
const TYPES = ['order', 'account', 'futures', 'strategy', 'signal', 'user', 'system', 'trading', 'bracket'];

export const historyCommand = defineCommand<{ type?: string; order?: string; limit: number }>({
  name: 'history',
  aliases: ['log'],
  summary: 'the event log: orders, fills, balances, commands (filterable)',
  usage: spec.usage,
  details: `TYPE filters by kind (${TYPES.join(', ')}) or exact type such as order/filled; order ID, one order's events (placed, answered, filled, its cancel asked and sent). Default: the last 50 events.`,
  parse(w) {
    let type: string | undefined;
    let order: string | undefined;
    let limit = 50;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === '--limit') {
        limit = Number(w[++i]);
        if (!Number.isInteger(limit) || limit < 1) return usageError(spec, `bad --limit "${w[i] ?? ''}": use a whole number of at least 1`);
      } else if (!w[i].startsWith('--') && type === undefined) {
        type = w[i];
        if (!TYPES.includes(type.split('/')[0])) return usageError(spec, `unknown event type "${type}": use one of ${TYPES.join(', ')}`);
      } else if (!w[i].startsWith('--') && order === undefined && type !== undefined) {
        if (type.split('/')[0] !== 'order') return usageError(spec, 'an order id goes after "order": history order ID');
        order = w[i];
      } else return usageError(spec, `unexpected "${w[i]}"`);
    }
    return { ok: true, args: { type, limit, ...(order === undefined ? {} : { order }) } };
  },
  run(session, { type, order, limit }) {
    const events = session.history({ type, limit, ...(order === undefined ? {} : { order }) });
    if (events.length === 0) return ok(order === undefined ? 'no events' : `no events of order ${order} (see: orders --all)`, []);
    const rows = events.map((e) => [String(e.seq), isoTime(e.ts), e.event.type, describeEvent(e.event, (symbol) => selectInstrument(session.state(), session.venue, symbol))]);
    return ok(table([{ header: 'SEQ', align: 'right' }, { header: 'TIME (UTC)' }, { header: 'TYPE' }, { header: 'DETAIL' }], rows), events);
  },
});
