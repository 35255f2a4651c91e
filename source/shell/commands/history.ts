import { selectInstrument } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { describeEvent } from '../../format/describe-event.js';
import { isoTime, table } from '../../format/format.js';

const spec = { usage: 'history [TYPE] [--limit N]' };
const TYPES = ['order', 'account', 'futures', 'strategy', 'signal', 'user', 'system', 'trading'];

export const historyCommand = defineCommand<{ type?: string; limit: number }>({
  name: 'history',
  aliases: ['log'],
  summary: 'the event log: orders, fills, balances, commands (filterable)',
  usage: spec.usage,
  details: `TYPE filters by kind (${TYPES.join(', ')}) or exact type such as order/filled. Default: the last 50 events.`,
  parse(w) {
    let type: string | undefined;
    let limit = 50;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === '--limit') {
        limit = Number(w[++i]);
        if (!Number.isInteger(limit) || limit < 1) return usageError(spec, `bad --limit "${w[i] ?? ''}": use a whole number of at least 1`);
      } else if (!w[i].startsWith('--') && type === undefined) {
        type = w[i];
        if (!TYPES.includes(type.split('/')[0])) return usageError(spec, `unknown event type "${type}": use one of ${TYPES.join(', ')}`);
      } else return usageError(spec, `unexpected "${w[i]}"`);
    }
    return { ok: true, args: { type, limit } };
  },
  run(session, { type, limit }) {
    const events = session.history({ type, limit });
    if (events.length === 0) return ok('no events', []);
    const rows = events.map((e) => [String(e.seq), isoTime(e.ts), e.event.type, describeEvent(e.event, (symbol) => selectInstrument(session.state(), session.venue, symbol))]);
    return ok(table([{ header: 'SEQ', align: 'right' }, { header: 'TIME (UTC)' }, { header: 'TYPE' }, { header: 'DETAIL' }], rows), events);
  },
});
