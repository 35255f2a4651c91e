import type { OrderRequest, PositionSide } from '../../domain/index.js';
import { decimalProblem, parsePositiveDecimal, parseSymbol } from '../../domain/index.js';
import { defineCommand, fail, needsForce, refused, usageError } from '../command-spec.js';
import { describeOrder, failureWord, placed, takeSideFlag } from './order-command.js';

const spec = { usage: 'close SYMBOL [QTY] [--side long|short] [--stop P] [--force]' };

interface CloseArgs {
  readonly symbol: string;
  readonly qty?: number;
  readonly side?: PositionSide;
  /** A stop-market that closes the whole position when the price reaches it (Binance USD-M's closePosition). */
  readonly stop?: number;
  /** Close what running strategies hold as their own too (asked otherwise, as buy and sell ask). */
  readonly force?: boolean;
}

export const closeCommand = defineCommand<CloseArgs>({
  name: 'close',
  summary: 'close a perpetual position (all of it, or QTY) with a reduce-only market order',
  usage: spec.usage,
  details: 'Reduce-only: it can never open or flip a position. In hedge mode with both sides open, --side says which. With --stop P it waits at the exchange and closes the whole position, whatever its size then, when the price reaches P (Binance USD-M); with QTY and --stop, a reduce-only stop of QTY. A close that would take what running strategies hold as their own is not sent without --force (they could not close their share after it).',
  symbolArgs: [0],
  record: true,
  parse(words) {
    const t = takeSideFlag(words);
    if (t.error) return usageError(spec, t.error);
    const at = t.rest.indexOf('--stop');
    let stop: number | undefined;
    if (at >= 0) {
      const raw = t.rest[at + 1];
      stop = raw === undefined ? undefined : parsePositiveDecimal(raw);
      if (stop === undefined) return usageError(spec, `bad --stop "${raw ?? ''}": ${raw === undefined ? 'give the trigger price' : decimalProblem(raw) ?? 'use a positive price like 95000'}`);
      t.rest.splice(at, 2);
    }
    const force = t.rest.includes('--force');
    if (force) t.rest.splice(t.rest.indexOf('--force'), 1);
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
    return { ok: true, args: { symbol: s.symbol, qty, side: t.side, ...(stop === undefined ? {} : { stop }), ...(force ? { force } : {}) } };
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
      // A stop without a quantity closes whatever is open when it fires; the ledger keeps today's size until then.
      ...(a.stop === undefined ? {} : { stopPrice: a.stop, ...(a.qty === undefined ? { closePosition: true } : {}) }),
    };
    // A market close is asked twice by the order preview's rules (the strategies' shares: a
    // reduce-only market order has no price to be far from); a stop waits at the exchange.
    const warnings = a.force || a.stop !== undefined ? [] : session.preview(req).warnings;
    if (warnings.length) return needsForce(`${where} close not sent: ${warnings.join('; ')}. Check it, then add --force to send it anyway`);
    const r = await session.order(req);
    if (!r.ok) return refused(`${where} close ${failureWord(r.refusal)}: ${r.error}`, r.refusal);
    return placed(session, `${where} ${describeOrder(r.order, session)}`, r.order);
  },
});
