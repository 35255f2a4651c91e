import type { CancelAllResult } from '../../app/session/cancel-all.js';
import { parseSymbol } from '../../domain/index.js';
import { defineCommand, fail, needsYes, ok, refused, usageError } from '../command-spec.js';
import { describeOrder } from './order-command.js';
import { strategyOrderCancelNote } from '../../format/cancel-note.js';

type CancelArgs = { readonly id: string } | { readonly all: true; readonly symbol?: string; readonly yes: boolean };

const spec = { usage: 'cancel ORDER_ID | cancel --all [SYMBOL] [--yes]' };

/** What `cancel --all` did: the ids, then one line per problem. */
export function describeCancelAll(r: CancelAllResult): string {
  return [`cancelled: ${r.cancelled.join(', ') || 'none'}`, ...r.problems.map((p) => `problem [${p.code}]: ${p.text}`)].join('\n');
}

export const cancelCommand = defineCommand<CancelArgs>({
  name: 'cancel',
  summary: 'cancel an open order by its id, or every open order (--all, of one market with SYMBOL)',
  usage: spec.usage,
  details: [
    'cancel 12 cancels order 12 (see: orders). cancel --all cancels every open order of the venue (OCO legs and',
    'stops included), cancel --all BTC/USDT those of one market; it says what it would cancel and does nothing',
    'until you add --yes. A cancel that fails is listed; the others still go.',
  ].join('\n'),
  record: true,
  parse(w) {
    if (w.includes('--all')) {
      const flags = w.filter((x) => x.startsWith('--'));
      const unknown = flags.find((f) => f !== '--all' && f !== '--yes');
      if (unknown) return usageError(spec, `unknown option ${unknown}`);
      const pos = w.filter((x) => !x.startsWith('--'));
      if (pos.length > 1) return usageError(spec, 'cancel --all takes at most one symbol');
      if (pos.length === 0) return { ok: true, args: { all: true, yes: flags.includes('--yes') } };
      const s = parseSymbol(pos[0]);
      if (!s.ok) return { ok: false, error: s.error };
      return { ok: true, args: { all: true, symbol: s.symbol, yes: flags.includes('--yes') } };
    }
    if (w.length !== 1) return usageError(spec, 'cancel takes one order id, or --all');
    if (!/^\d{1,12}$/.test(w[0])) return usageError(spec, `bad order id "${w[0]}": ids are whole numbers, as listed by orders`);
    return { ok: true, args: { id: String(Number(w[0])) } };
  },
  async run(session, a) {
    if ('id' in a) {
      const r = await session.cancel(a.id);
      if (!r.ok) return refused(r.error, r.refusal);
      return { ...ok(`${describeOrder(r.order, session)}${strategyOrderCancelNote(r.order, session.strategies())}`, { ...r.order, mode: session.mode }), cancelled: r.order.status === 'cancelled' ? [r.order.id] : [] };
    }
    const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
    let symbol: string | undefined;
    try {
      symbol = a.symbol === undefined ? undefined : session.symbol(a.symbol);
    } catch (err) {
      return fail((err as Error).message);
    }
    if (!a.yes) {
      const open = session.orders().filter((o) => symbol === undefined || o.symbol === symbol);
      if (open.length === 0) return ok(`${where} no open order${symbol ? ` on ${symbol}` : ''}: nothing to cancel`, { cancelled: [], problems: [] });
      return needsYes(`${where} cancel --all would cancel ${open.length} open order${open.length === 1 ? '' : 's'}${symbol ? ` on ${symbol}` : ''} (${open.map((o) => o.id).join(', ')}). Add --yes to do it`);
    }
    const r = await session.cancelAll(symbol);
    return { ok: r.problems.length === 0, text: `${where} ${describeCancelAll(r)}`, json: r, cancelled: r.cancelled };
  },
});
