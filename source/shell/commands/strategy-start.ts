import { parseSymbol, TIMEFRAMES, type StrategyExits } from '../../domain/index.js';
import { formatExits, parseExits } from '../../engine/strategy-exits.js';
import { ALL_STRATEGIES } from '../../strategies/registry.js';
import { parseParamText } from '../../strategies/strategy.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import type { ArbSpec } from '../../app/arb/arb-manager.js';
import { ARB_START_USAGE, parseArbStart } from './arb-start.js';
import type { CarrySpec } from '../../app/carry/carry-manager.js';
import { CARRY_START_USAGE, parseCarryStart } from './carry-start.js';
import { paramsText } from '../strategy-format.js';

type StartArgs = StrategyArgs | { readonly arb: ArbSpec } | { readonly carry: CarrySpec };

interface StrategyArgs {
  readonly strategy: string;
  readonly symbol: string;
  readonly timeframe?: string;
  readonly size?: string;
  readonly params: Readonly<Record<string, number>>;
  readonly exits: StrategyExits;
}

const spec = { usage: 'start NAME SYMBOL [--timeframe TF] [--size SIZE] [--stop-loss P%] [--take-profit P%] [--trailing P%] [--PARAM VALUE ...]' };

export const startCommand = defineCommand<StartArgs>({
  name: 'start',
  summary: 'start a strategy instance on a market (it trades its own size, in this session\'s mode)',
  usage: spec.usage,
  details: [
    `NAME is a built-in strategy (${ALL_STRATEGIES.map((s) => `${s.name}: ${s.signalled ? 'trades on signals from outside (POST /api/v1/signals)' : Object.keys(s.params).map((p) => `--${p}`).join(' ')}`).join('; ')}) or a path to a strategy module.`,
    `--timeframe is the candle it sees: ${TIMEFRAMES.join(' ')} (default 1m).`,
    '--size is what one entry spends: a quote amount (100USDT), a share of equity (5%) or a base quantity',
    '(0.01BTC); default 100 of a dollar quote, or 10% of equity when that is less. Never all in.',
    'Each start is a new instance with its own id (sma-BTCUSDT-1m-3) and its own account. Risk limits apply to',
    'every order it places. It keeps running after you leave, and resumes on the next start, until stopped.',
    'On a perpetual (BTC/USDT:USDT, atapi --futures) it goes long, short or flat (sma-ls; a spot strategy\'s buy is',
    'long, its sell flat): a change closes its own position reduce-only, then opens the other side; the size',
    'is the position\'s notional, and risk.maxLeverage and the notional limits apply.',
    `Cross-venue arbitrage (needs --venues): ${ARB_START_USAGE}. Each edge is a transaction: its plan is in the`,
    'ledger before its two IOC legs leave; a single filled leg is cancelled (kept), reversed or completed (proceed) within',
    'the price and time limits; a restart finishes what was left; a limit reached stops the instance (see: arb txs).',
    `Funding carry (spot and its perpetual, atapi --futures): ${CARRY_START_USAGE}. It buys spot and shorts the`,
    'perpetual alike when the funding rate, net of both legs\' fees in and out over carry.holdDays, is above --min-apr;',
    'closes both below --exit-apr or on stop; reduces both when the short\'s margin ratio reaches carry.deriskRatio.',
    '--stop-loss 3% closes its own position when a close of its timeframe is 3% against its entry, --take-profit 6%',
    'when 6% past it, --trailing 2% when 2% back from its best close since entry (backtest takes the same flags).',
    'grid and dca keep orders: --size (or --amount) is one grid order or one dca buy; parameters take units',
    '(start grid BTC/USDT --lower 90000 --upper 100000 --levels 11 --size 50USDT; start dca BTC/USDT --amount 100USDT',
    '--every 1h --take-profit 5%). Stopping a grid cancels its resting orders; out of its range it stops or holds',
    'its book by the setting grid.outOfRange.',
  ].join('\n'),
  symbolArgs: [1],
  record: true,
  parse(w) {
    if (w[0] === 'arb-cross') {
      const a = parseArbStart(w.slice(1));
      return a.ok ? { ok: true, args: { arb: a.args } } : a;
    }
    if (w[0] === 'carry') {
      const c = parseCarryStart(w.slice(1));
      return c.ok ? { ok: true, args: { carry: c.args } } : c;
    }
    const pos: string[] = [];
    const typed: [string, string][] = [];
    let timeframe: string | undefined;
    let size: string | undefined;
    const exitWords: Record<string, string> = {};
    for (let i = 0; i < w.length; i++) {
      const word = w[i];
      if (!word.startsWith('--')) {
        pos.push(word);
        continue;
      }
      const name = word.slice(2);
      const value = w[i + 1];
      if (value === undefined || value.startsWith('--')) return usageError(spec, `${word} needs a value`, startField(name));
      i++;
      if (name === 'timeframe') timeframe = value;
      else if (name === 'size' || name === 'amount') {
        if (size !== undefined) return usageError(spec, '--amount is another name for --size: give one of them');
        size = value;
      }
      else if (name === 'stop-loss' || name === 'take-profit' || name === 'trailing') exitWords[name] = value;
      else typed.push([name, value]);
    }
    // An instance id (sma-BTCUSDT-1m-3, as strategies lists them) after a stop: each start is a new instance.
    if (pos.length === 1 && /^[\w.-]+-[A-Z0-9]+(:[A-Z0-9]+)?-\d+[mhdw]-\d+$/.test(pos[0])) {
      return usageError(spec, `${pos[0]} is an instance: a stopped one is not started again; start NAME SYMBOL starts a new one (the stopped one keeps its position: stop ${pos[0]} --close sells it)`);
    }
    if (pos.length !== 2) return usageError(spec, 'start needs a strategy name and a symbol');
    // Read in the units of a built-in's parameters (a strategy file's are known only once loaded).
    const def = ALL_STRATEGIES.find((d) => d.name === pos[0]);
    const params: Record<string, number> = {};
    for (const [name, value] of typed) {
      const n = parseParamText(name, value, def?.params[name]?.unit);
      if (!n.ok) return usageError(spec, n.error, `params.${name}`);
      params[name] = n.value;
    }
    const s = parseSymbol(pos[1]);
    if (!s.ok) return { ok: false, error: s.error };
    let exits: StrategyExits;
    try {
      exits = parseExits({ stopLoss: exitWords['stop-loss'], takeProfit: exitWords['take-profit'], trailing: exitWords.trailing });
    } catch (err) {
      return usageError(spec, (err as Error).message);
    }
    return { ok: true, args: { strategy: pos[0], symbol: s.symbol, timeframe, size, params, exits } };
  },
  async run(session, a) {
    if ('carry' in a) {
      const c = await session.startCarry(a.carry);
      const p = c.policy;
      return ok(`[${session.mode.toUpperCase()} · ${session.label}] started ${c.id}: carry ${c.symbol} long and ${c.perp} short, ${c.quoteSize} a leg when the funding rate nets ${c.minApr}% a year or more after both legs' fees over ${c.holdDays} days; out below ${c.exitApr}%; de-risks at margin ratio ${c.deriskRatio}; single leg: ${p.onSingleLeg} within ${p.priceLimitPercent}% and ${p.timeLimitMs / 1000}s (see: arb txs)`, c);
    }
    if ('arb' in a) {
      const i = await session.startArb(a.arb);
      const p = i.policy;
      return ok(`[${session.mode.toUpperCase()} · ${session.label}] started ${i.id}: arb-cross ${i.symbol} between ${i.venues.join(' and ')}, ${i.qty} a transaction at ${i.minEdgePercent}% net of fees or more; single leg: ${p.onSingleLeg} within ${p.priceLimitPercent}% and ${p.timeLimitMs / 1000}s; limits ${i.limits.maxNotional} notional, ${i.limits.maxExposure} exposure, ${i.limits.maxPerMinute}/min`, i);
    }
    const v = await session.startStrategy({ strategy: a.strategy, symbol: a.symbol, timeframe: a.timeframe, size: a.size, params: a.params, exits: a.exits });
    const params = paramsText(v.name, v.params);
    const exits = formatExits(a.exits);
    return ok(`[${session.mode.toUpperCase()} · ${session.label}] started ${v.id}: ${v.name} on ${v.symbol} ${v.timeframe}, size ${v.size}${params ? `, ${params}` : ''}${exits ? `, exits ${exits}` : ''}; warm-up ${v.warmup.seen}/${v.warmup.need} candles`, v);
  },
});

/** The field a start flag is about, as the start refusals name it (`size`, `params.fast`). */
function startField(flag: string): string {
  if (flag === 'size' || flag === 'amount') return 'size';
  if (flag === 'timeframe' || flag === 'stop-loss' || flag === 'take-profit' || flag === 'trailing') return flag;
  return `params.${flag}`;
}
