export * from './candle.js';
export * from './events.js';
export * from './instrument.js';
export * from './market.js';
export * from './numbers.js';
export * from './order.js';
export * from './symbols.js';
export * from './errors.js';
