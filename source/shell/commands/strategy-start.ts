import { parseSymbol, TIMEFRAMES } from '../../domain/index.js';
import { BUILT_IN_STRATEGIES } from '../../strategies/registry.js';
import { defineCommand, ok, usageError } from '../command-spec.js';

interface StartArgs {
  readonly strategy: string;
  readonly symbol: string;
  readonly timeframe?: string;
  readonly size?: string;
  readonly params: Readonly<Record<string, number>>;
}

const spec = { usage: 'start NAME SYMBOL [--timeframe TF] [--size SIZE] [--PARAM VALUE ...]' };

export const startCommand = defineCommand<StartArgs>({
  name: 'start',
  summary: 'start a strategy instance on a market (it trades its own size, in this session\'s mode)',
  usage: spec.usage,
  details: [
    `NAME is a built-in strategy (${BUILT_IN_STRATEGIES.map((s) => `${s.name}: ${s.signalled ? 'trades on signals from outside (POST /api/v1/signals)' : Object.keys(s.params).map((p) => `--${p}`).join(' ')}`).join('; ')}) or a path to a strategy module.`,
    `--timeframe is the candle it sees: ${TIMEFRAMES.join(' ')} (default 1m).`,
    '--size is what one entry spends: a quote amount (100USDT), a share of equity (5%) or a base quantity',
    '(0.01BTC); default 100 of a dollar quote, or 10% of equity when that is less. Never all in.',
    'Each start is a new instance with its own id (sma-BTCUSDT-1m-3) and its own account. Risk limits apply to',
    'every order it places. It keeps running after you leave, and resumes on the next start, until stopped.',
    'On a perpetual (BTC/USDT:USDT, atapi --futures) it goes long, short or flat (sma-ls; a spot strategy\'s buy is',
    'long, its sell flat): a change closes its own position reduce-only, then opens the other side; the size',
    'is the position\'s notional, and risk.maxLeverage and the notional limits apply.',
  ].join('\n'),
  symbolArgs: [1],
  record: true,
  parse(w) {
    const pos: string[] = [];
    const params: Record<string, number> = {};
    let timeframe: string | undefined;
    let size: string | undefined;
    for (let i = 0; i < w.length; i++) {
      const word = w[i];
      if (!word.startsWith('--')) {
        pos.push(word);
        continue;
      }
      const name = word.slice(2);
      const value = w[i + 1];
      if (value === undefined || value.startsWith('--')) return usageError(spec, `${word} needs a value`);
      i++;
      if (name === 'timeframe') timeframe = value;
      else if (name === 'size') size = value;
      else {
        const n = Number(value);
        if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) return usageError(spec, `bad value "${value}" for ${word}: use a number`);
        params[name] = n;
      }
    }
    if (pos.length !== 2) return usageError(spec, 'start needs a strategy name and a symbol');
    const s = parseSymbol(pos[1]);
    if (!s.ok) return { ok: false, error: s.error };
    return { ok: true, args: { strategy: pos[0], symbol: s.symbol, timeframe, size, params } };
  },
  async run(session, a) {
    const v = await session.startStrategy({ strategy: a.strategy, symbol: a.symbol, timeframe: a.timeframe, size: a.size, params: a.params });
    const params = Object.entries(v.params).map(([k, n]) => `${k}=${n}`).join(' ');
    return ok(`[${session.mode.toUpperCase()} · ${session.label}] started ${v.id}: ${v.name} on ${v.symbol} ${v.timeframe}, size ${v.size}${params ? `, ${params}` : ''}; warm-up ${v.warmup.seen}/${v.warmup.need} candles`, v);
  },
});
