import { POSITION_MODES, type PositionMode } from '../../domain/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';

const spec = { usage: 'mode [one-way|hedge]' };

export const modeCommand = defineCommand<{ mode?: PositionMode }>({
  name: 'mode',
  summary: 'show or set the futures position mode: one-way (one net position) or hedge (long and short apart)',
  usage: spec.usage,
  details: 'The mode can change only with no open position and no open order on any perpetual (as on Binance).',
  record: true,
  parse(w) {
    if (w.length > 1) return usageError(spec, 'mode takes one-way or hedge');
    if (w.length === 0) return { ok: true, args: {} };
    const m = w[0].toLowerCase().replace(/^oneway$/, 'one-way');
    if (!(POSITION_MODES as readonly string[]).includes(m)) return usageError(spec, `bad position mode "${w[0]}": one-way or hedge`);
    return { ok: true, args: { mode: m as PositionMode } };
  },
  async run(session, a) {
    if (a.mode !== undefined) await session.futures.setPositionMode(a.mode);
    const mode = session.futures.account().positionMode;
    return ok(`position mode: ${mode}`, { positionMode: mode });
  },
});
