import type { TradingMode } from '../domain/index.js';

/** Colours by meaning; with colour off every entry is undefined and meaning rides on text. */
export interface Theme {
  readonly up?: string;
  readonly down?: string;
  readonly dim: boolean;
  readonly accent?: string;
  readonly focus?: string;
  readonly border?: string;
  readonly error?: string;
  readonly warn?: string;
  readonly mode: Readonly<Record<TradingMode, { readonly color?: string; readonly label: string }>>;
}

export function makeTheme(color: boolean): Theme {
  return {
    up: color ? 'green' : undefined,
    down: color ? 'red' : undefined,
    dim: color,
    accent: color ? 'cyan' : undefined,
    focus: color ? 'cyan' : undefined,
    border: color ? 'gray' : undefined,
    error: color ? 'red' : undefined,
    warn: color ? 'yellow' : undefined,
    mode: {
      paper: { color: color ? 'cyan' : undefined, label: 'PAPER' },
      testnet: { color: color ? 'yellow' : undefined, label: 'TESTNET' },
      live: { color: color ? 'red' : undefined, label: 'LIVE' },
      backtest: { color: color ? 'magenta' : undefined, label: 'BACKTEST' },
    },
  };
}
