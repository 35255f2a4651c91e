/**
 * Events a terminal may send (types under `user/`, `strategy/`, `alert/`, `watchlist/`) whose
 * data does not match the type's schema: each once made a record the fold could not take,
 * or would have (issue 19, item 1). `field` is the field the refusal must name.
 */
export const MALFORMED_EVENTS: readonly { readonly event: { readonly type: string; readonly data: unknown }; readonly field: string }[] = [
  { event: { type: 'watchlist/set', data: { venue: 'sim', symbols: 5 } }, field: 'data.symbols' },
  { event: { type: 'watchlist/set', data: null }, field: 'data' },
  { event: { type: 'watchlist/set', data: { venue: 'sim', symbols: [7] } }, field: 'data.symbols[0]' },
  { event: { type: 'alert/set', data: {} }, field: 'data.alert' },
  { event: { type: 'alert/set', data: null }, field: 'data' },
  { event: { type: 'alert/set', data: { alert: { id: '1', venue: 'sim', symbol: 'BTC/USDT', op: '>', price: 'high', createdAt: 1 } } }, field: 'data.alert.price' },
  { event: { type: 'alert/triggered', data: null }, field: 'data' },
  { event: { type: 'alert/removed', data: {} }, field: 'data.id' },
  { event: { type: 'strategy/status', data: {} }, field: 'data.strategyId' },
  { event: { type: 'strategy/status', data: { strategyId: 's1', name: 'sma-cross', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: null } }, field: 'data.params' },
  { event: { type: 'strategy/signal', data: null }, field: 'data' },
  { event: { type: 'strategy/signal', data: { strategyId: 's1', symbol: 'BTC/USDT', side: 'hold', reason: 'x', ts: 1 } }, field: 'data.side' },
  { event: { type: 'user/command', data: null }, field: 'data' },
  { event: { type: 'user/command', data: { line: ['rm'], source: 'shell' } }, field: 'data.line' },
];
