import { ARB_HEADERS, arbRowCells } from '../../format/arb-format.js';
import { isoTime, num, table } from '../../format/format.js';
import type { Session } from '../../app/session/session.js';
import type { CarryView } from '../../app/carry/carry-view.js';
import type { CommandOutput } from '../command-output.js';
import { defineCommand, ok, usageError } from '../command-spec.js';

type ArbArgs = { readonly sub: 'scan'; readonly symbol?: string; readonly size?: string } | { readonly sub: 'txs' };

const spec = { usage: 'arb scan [SYMBOL] [--size 1000USDT|0.01BTC] | arb txs' };

export const arbCommand = defineCommand<ArbArgs>({
  name: 'arb',
  summary: 'cross-venue arbitrage: the best buy and sell venue of each market at a size, net of both fees',
  usage: spec.usage,
  details: [
    'arb scan walks both books at the size (default arb.scanNotional of the quote), not the top of book, and',
    'nets each venue\'s own taker fee. FLAGS: stale (a book older than arb.staleSeconds), disagree (prices apart',
    'beyond arb.sanityPercent), thin (a book too thin for the size), inventory (a venue holds too little for its',
    'leg: arbitrage never transfers). Flagged edges are shown and never traded. Needs --venues A,B.',
    'arb txs lists the instances and their transactions: legs, outcome, what the single-leg policy did and cost,',
    'expected against realised edge. Funding carries (start carry) are listed with what they hold, the net APR now,',
    'funding received, fees, basis PnL and net; their entries, exits and de-risks are transactions in the same table.',
  ].join('\n'),
  symbolArgs: [1],
  parse(w) {
    if (w[0] === 'txs') return w.length === 1 ? { ok: true, args: { sub: 'txs' } } : usageError(spec, 'arb txs takes no arguments');
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
    return { ok: true, args: { sub: 'scan', symbol, size } };
  },
  run(session, a) {
    if (a.sub === 'txs') return arbTxsOutput(session);
    const rows = session.arbScan(a);
    const text = table(ARB_HEADERS.map((header, i) => ({ header, align: i >= 3 && i <= 8 ? ('right' as const) : undefined })), rows.map(arbRowCells));
    return ok(text, rows);
  },
});

/** The instances and their transactions, expected against realised: whether the arithmetic holds. */
function arbTxsOutput(session: Pick<Session, 'arbInstances' | 'arbTxs' | 'carries'>): CommandOutput {
  const instances = session.arbInstances();
  const txs = session.arbTxs();
  const carries = session.carries();
  if (instances.length === 0 && carries.length === 0) return ok('no arbitrage instances (start arb-cross SYMBOL --venues A,B --size 0.01BTC --min-edge 0.2%, or start carry SYMBOL --size 1000USDT --min-apr 10%)', { instances, txs, carries });
  const lines = [
    ...instances.map((i) => `${i.id}: ${i.status}${i.reason ? ` (${i.reason})` : ''}, ${i.symbol} ${i.venues.join('/')} ${i.qty}, min ${i.minEdgePercent}%, single leg ${i.policy.onSingleLeg}`),
    ...carries.map(carryLine),
  ];
  const rows = txs.map((t) => [t.id, isoTime(t.plannedAt), `${t.buy.venue}>${t.sell.venue}`, String(t.qty), num(t.expectedNet, 2), t.outcome ? num(t.outcome.realisedNet, 2) : '-', t.outcome?.kind ?? 'open', t.outcome && t.outcome.policyCost !== 0 ? num(t.outcome.policyCost, 2) : '-', t.outcome?.text ?? '']);
  const table_ = rows.length ? `\n${table([{ header: 'TX' }, { header: 'PLANNED (UTC)' }, { header: 'BUY>SELL' }, { header: 'QTY', align: 'right' }, { header: 'EXPECTED', align: 'right' }, { header: 'REALISED', align: 'right' }, { header: 'OUTCOME' }, { header: 'POLICY COST', align: 'right' }, { header: 'WHAT HAPPENED' }], rows)}` : '\nno transactions yet';
  return ok(`${lines.join('\n')}${table_}`, { instances, txs, carries });
}

/** A carry in one line: what it holds, the rate against its thresholds, and its figures. */
function carryLine(v: CarryView): string {
  const c = v.instance;
  const f = v.figures;
  const apr = v.netApr === undefined ? 'no mark yet' : `net APR now ${num(v.netApr, 2)}%`;
  return `${c.id}: ${c.status}${c.reason ? ` (${c.reason})` : ''}, carry ${c.symbol} long ${v.spot} / ${c.perp} short ${v.perp}, ${apr} (enter at ${c.minApr}%, exit below ${c.exitApr}%); funding ${num(f.funding, 2)} (${c.fundingCount} payments), fees ${num(f.fees, 2)}, basis ${num(f.basisPnl, 2)}, net ${num(f.net, 2)}${c.derisks ? `, de-risked ${c.derisks}x` : ''}`;
}
