import type { CommandHandler } from './io.js';

export interface TopCommand {
  readonly name: string;
  readonly summary: string;
  /** Loaded on use, so `atapi tickers` never pays for the backtester or ccxt. */
  readonly load: () => Promise<CommandHandler>;
  /** Opens a trading session: also gets --live, --testnet, --i-understand-live and --no-persist. */
  readonly sessionFlags?: boolean;
  /** Knows `--futures` (perpetuals): the global switch is passed on to it. */
  readonly futures?: boolean;
  /**
   * Global market flags that mean nothing to it (settings, tokens and keys belong to the data
   * directory; a sweep reads files), not passed on: a trader reusing the line a daemon printed
   * (`atapi --data-dir D --exchange binance --sandbox-url URL`) for `config set` got "too many
   * arguments". Every other one is passed, and refused there if it does not fit.
   */
  readonly ignores?: readonly MarketFlag[];
}

/** The global flags that choose a market, passed on to the commands with their own parsing. */
export type MarketFlag = 'exchange' | 'seed' | 'sandbox-url';
const ALL_MARKET_FLAGS: readonly MarketFlag[] = ['exchange', 'seed', 'sandbox-url'];

/** Commands with their own argument parsing, beyond the shell's commands. */
export const TOP_COMMANDS: readonly TopCommand[] = [
  { name: 'marketcap', summary: 'daily market capitalisation of the main coins, as a table', load: async () => (await import('./marketcap-command.js')).marketcapCommand },
  { name: 'backtest', summary: 'run a strategy over historical candles and report the result', load: async () => (await import('./backtest-command.js')).backtestCommand, futures: true },
  { name: 'optimize', summary: 'search a strategy\'s parameters on every core (grid, random, tpe) and rank them', load: async () => (await import('./optimize-command.js')).optimizeCommand, futures: true, ignores: ['exchange', 'sandbox-url'] },
  { name: 'worker', summary: 'take the trials of atapi optimize --queue sweeps (BullMQ on Redis) on this machine\'s cores', load: async () => (await import('./worker-command.js')).workerCommand, ignores: ALL_MARKET_FLAGS },
  { name: 'run', summary: 'run a strategy on the live feed (paper by default) until Ctrl-C, or once (--once)', load: async () => (await import('./run-command.js')).runCommand, sessionFlags: true, futures: true },
  { name: 'sandbox', summary: 'a local Binance-compatible exchange server for offline testing', load: async () => (await import('./sandbox-command.js')).sandboxCommand, ignores: ['exchange', 'sandbox-url'] },
  { name: 'keys', summary: 'store exchange API keys encrypted (add, list, remove)', load: async () => (await import('./keys-command.js')).keysCommand, ignores: ALL_MARKET_FLAGS },
  { name: 'ledger', summary: 'repair a damaged event log, keeping every record that checks out', load: async () => (await import('./ledger-command.js')).ledgerCommand },
  { name: 'daemon', summary: 'keep trading in the background: start, stop, status, logs (terminals attach to it)', load: async () => { throw new Error('atapi daemon is dispatched by cli.ts with the global options'); } },
  { name: 'api', summary: 'the daemon API\'s tokens: print or rotate (atapi api token [--rotate] [--signals])', load: async () => (await import('./api-command.js')).apiCommand, ignores: ALL_MARKET_FLAGS },
  { name: 'mcp', summary: 'an MCP server on stdio, so an AI agent can read the account (commands only with --allow-commands)', load: async () => (await import('./mcp-command.js')).mcpCommand, sessionFlags: true, futures: true },
  { name: 'notify', summary: 'send a test message to each notification channel (Telegram, Discord, Slack, webhook)', load: async () => (await import('./notify-command.js')).notifyCommand, ignores: ALL_MARKET_FLAGS },
  { name: 'config', summary: 'show or change settings (risk limits, leverage caps, ...)', load: async () => (await import('./config-command.js')).configCommand, ignores: ALL_MARKET_FLAGS },
];
