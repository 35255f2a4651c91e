import { selectInstrument, selectMarkedPositions } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { num, price, quantity, table } from '../format.js';

const spec = { usage: 'positions' };

export const positionsCommand = defineCommand<null>({
  name: 'positions',
  summary: 'open positions with average entry, unrealised and realised PnL',
  usage: spec.usage,
  parse: (w) => (w.length === 0 ? { ok: true, args: null } : usageError(spec, 'positions takes no arguments')),
  run(session) {
    const state = session.state();
    const list = selectMarkedPositions(state, session.venue).filter((p) => p.qty !== 0);
    if (list.length === 0) return ok('no open positions', []);
    const inst = (p: (typeof list)[number]) => selectInstrument(state, p.venue, p.symbol);
    const rows = list.map((p) => [p.symbol, quantity(p.qty, inst(p)), price(p.avgPrice, inst(p)), price(p.last, inst(p)), num(p.unrealizedPnl, 2), num(p.realizedPnl, 2)]);
    return ok(
      table([{ header: 'SYMBOL' }, { header: 'QTY', align: 'right' }, { header: 'AVG', align: 'right' }, { header: 'LAST', align: 'right' }, { header: 'UPNL', align: 'right' }, { header: 'RPNL', align: 'right' }], rows),
      list,
    );
  },
});
