import type { OrderRequest, PositionSide, Side } from '../../domain/index.js';
import { decimalProblem, parsePositiveDecimal, parseSymbol } from '../../domain/index.js';
import { defineCommand, needsForce, refused, type ShellCommand, usageError } from '../command-spec.js';
import { describeOrder, failureWord, placed } from './order-command.js';
import { orderWords } from '../order-words.js';

interface OpenArgs {
  readonly symbol: string;
  readonly qty: number;
  readonly price?: number;
  readonly force: boolean;
}

/**
 * `long` and `short` open or add to a perpetual position: a buy or a sell, that in hedge mode
 * goes to the LONG or SHORT position (in one-way mode a short sells the net position down).
 */
function openCommand(direction: 'long' | 'short'): ShellCommand {
  const side: Side = direction === 'long' ? 'buy' : 'sell';
  const spec = { usage: `${direction} SYMBOL QTY [PRICE] [--force]` };
  return defineCommand<OpenArgs>({
    name: direction,
    summary: `open or add to a ${direction} position on a perpetual (a ${side}; at market, or limit at PRICE)`,
    usage: spec.usage,
    details: [
      `QTY in the base asset (0.01 for 0.01 BTC of BTC/USDT:USDT). The symbol's leverage and margin mode apply`,
      '(see: leverage, margin); margin, risk limits and the liquidation price are checked before the order leaves.',
      'close SYMBOL closes the position again.',
    ].join('\n'),
    symbolArgs: [0],
    record: true,
    parse(w) {
      const flags = w.filter((x) => x.startsWith('--'));
      const unknown = flags.find((f) => f !== '--force');
      if (unknown) return usageError(spec, `unknown option ${unknown}`);
      const said = orderWords(w.filter((x) => !x.startsWith('--')), direction);
      if (!said.ok) return usageError(spec, said.problem);
      const pos = said.words;
      const s = parseSymbol(pos[0]);
      if (!s.ok) return { ok: false, error: s.error };
      const qty = parsePositiveDecimal(pos[1]);
      if (qty === undefined) return usageError(spec, `bad quantity "${pos[1]}": ${decimalProblem(pos[1]) ?? 'use a positive decimal number like 0.01'}`);
      let price: number | undefined;
      if (pos[2] !== undefined) {
        price = parsePositiveDecimal(pos[2]);
        if (price === undefined) return usageError(spec, `bad price "${pos[2]}": ${decimalProblem(pos[2]) ?? 'use a positive decimal number like 95000.5'}`);
      }
      return { ok: true, args: { symbol: s.symbol, qty, price, force: flags.includes('--force') } };
    },
    async run(session, a) {
      const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
      const symbol = session.futures.perpetual(a.symbol);
      const hedge = session.futures.account().positionMode === 'hedge';
      const positionSide: PositionSide | undefined = hedge ? (direction === 'long' ? 'LONG' : 'SHORT') : undefined;
      const req: Omit<OrderRequest, 'venue'> = { symbol, side, type: a.price === undefined ? 'market' : 'limit', qty: a.qty, price: a.price, ...(positionSide ? { positionSide } : {}) };
      const warnings = a.force ? [] : session.preview(req).warnings;
      if (warnings.length) return needsForce(`${where} ${direction} not sent: ${warnings.join('; ')}. Check it, then add --force to send it anyway`);
      const r = await session.order(req);
      if (!r.ok) return refused(`${where} ${direction} ${failureWord(r.refusal)}: ${r.error}`, r.refusal);
      return placed(session, `${where} ${describeOrder(r.order, session)}`, r.order);
    },
  });
}

export const longCommand = openCommand('long');
export const shortCommand = openCommand('short');
