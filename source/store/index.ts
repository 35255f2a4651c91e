export * from './event-log.js';
export * from './evolve.js';
export * from './selectors.js';
export * from './snapshot.js';
export * from './state.js';
export * from './store.js';
export * from './futures-state.js';
export * from './futures-evolve.js';
