import type { OrderRequest, PositionSide } from '../../domain/index.js';
import { decimalProblem, parsePositiveDecimal, parseSymbol } from '../../domain/index.js';
import { defineCommand, fail, usageError } from '../command-spec.js';
import { describeOrder, failureWord, takeSideFlag } from './order-command.js';

const spec = { usage: 'close SYMBOL [QTY] [--side long|short]' };

interface CloseArgs {
  readonly symbol: string;
  readonly qty?: number;
  readonly side?: PositionSide;
}

export const closeCommand = defineCommand<CloseArgs>({
  name: 'close',
  summary: 'close a perpetual position (all of it, or QTY) with a reduce-only market order',
  usage: spec.usage,
  details: 'Reduce-only: it can never open or flip a position. In hedge mode with both sides open, --side says which.',
  symbolArgs: [0],
  record: true,
  parse(words) {
    const t = takeSideFlag(words);
    if (t.error) return usageError(spec, t.error);
    const unknown = t.rest.find((x) => x.startsWith('--'));
    if (unknown) return usageError(spec, `unknown option ${unknown}`);
    if (t.rest.length < 1 || t.rest.length > 2) return usageError(spec, 'close takes a symbol and optionally a quantity');
    const s = parseSymbol(t.rest[0]);
    if (!s.ok) return { ok: false, error: s.error };
    let qty: number | undefined;
    if (t.rest[1] !== undefined) {
      qty = parsePositiveDecimal(t.rest[1]);
      if (qty === undefined) return usageError(spec, `bad quantity "${t.rest[1]}": ${decimalProblem(t.rest[1]) ?? 'use a positive decimal number like 0.01'}`);
    }
    return { ok: true, args: { symbol: s.symbol, qty, side: t.side } };
  },
  async run(session, a) {
    const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
    const symbol = session.futures.perpetual(a.symbol);
    const open = session.futures.positions().filter((p) => p.symbol === symbol && (a.side === undefined || p.side === a.side || p.side === 'BOTH'));
    if (open.length === 0) return fail(`${where} close: no open ${a.side ? `${a.side} ` : ''}position in ${symbol} (see: positions)`);
    if (open.length > 1) return fail(`${where} close: both LONG and SHORT are open in ${symbol}; say which: --side long|short`);
    const p = open[0];
    const qty = a.qty ?? Math.abs(p.qty);
    // The opposite side of the position, reduce-only: it can only take the position towards zero.
    const req: Omit<OrderRequest, 'venue'> = {
      symbol, side: p.qty > 0 ? 'sell' : 'buy', type: 'market', qty, reduceOnly: true, ...(p.side === 'BOTH' ? {} : { positionSide: p.side }),
    };
    const r = await session.order(req);
    if (!r.ok) return fail(`${where} close ${failureWord(r.refusal)}: ${r.error}`);
    return { ok: r.order.status !== 'rejected', text: `${where} ${describeOrder(r.order, session)}`, json: r.order };
  },
});
