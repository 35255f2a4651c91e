import { ARB_HEADERS, arbRowCells } from '../../format/arb-format.js';
import { table } from '../../format/format.js';
import { defineCommand, ok, usageError } from '../command-spec.js';

interface ArbArgs {
  readonly symbol?: string;
  readonly size?: string;
}

const spec = { usage: 'arb scan [SYMBOL] [--size 1000USDT|0.01BTC]' };

export const arbCommand = defineCommand<ArbArgs>({
  name: 'arb',
  summary: 'cross-venue arbitrage: the best buy and sell venue of each market at a size, net of both fees',
  usage: spec.usage,
  details: [
    'arb scan walks both books at the size (default arb.scanNotional of the quote), not the top of book, and',
    'nets each venue\'s own taker fee. FLAGS: stale (a book older than arb.staleSeconds), disagree (prices apart',
    'beyond arb.sanityPercent), thin (a book too thin for the size), inventory (a venue holds too little for its',
    'leg: arbitrage never transfers). Flagged edges are shown and never traded. Needs --venues A,B.',
  ].join('\n'),
  symbolArgs: [1],
  parse(w) {
    if (w[0] !== 'scan') return usageError(spec, w.length === 0 ? 'arb needs a subcommand' : `unknown arb subcommand "${w[0].slice(0, 20)}"`);
    let symbol: string | undefined;
    let size: string | undefined;
    for (let i = 1; i < w.length; i++) {
      if (w[i] === '--size') {
        size = w[++i];
        if (size === undefined) return usageError(spec, '--size needs a value');
      } else if (w[i].startsWith('--')) return usageError(spec, `unknown option ${w[i].slice(0, 20)}`);
      else if (symbol === undefined) symbol = w[i];
      else return usageError(spec, `unexpected "${w[i].slice(0, 20)}"`);
    }
    return { ok: true, args: { symbol, size } };
  },
  run(session, a) {
    const rows = session.arbScan(a);
    const text = table(ARB_HEADERS.map((header, i) => ({ header, align: i >= 3 && i <= 8 ? ('right' as const) : undefined })), rows.map(arbRowCells));
    return ok(text, rows);
  },
});
