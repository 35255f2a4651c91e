import type { Key } from 'ink';

/** Every command a key can trigger; help is generated from this table so it never drifts. */
export type KeyCommand =
  | 'focusNext' | 'focusPrev' | 'up' | 'down' | 'left' | 'right' | 'act' | 'buy' | 'sell' | 'cancelOrder' | 'cancelAll' | 'amendOrder'
  | 'commandLine' | 'help' | 'back' | 'quit' | 'sortNext' | 'tabNext' | 'flatten' | 'search' | 'alert' | 'watch' | 'pageUp' | 'pageDown' | 'newStrategy'
  | 'futures' | 'leverage' | 'marginMode' | 'positionMode' | 'killSwitch' | 'arbitrage'
  | 'chartBack' | 'chartForward' | 'chartStyle' | 'bookGroup'
  // The account view (issue 25).
  | 'pnlView';

export interface KeyBinding {
  readonly command: KeyCommand;
  /** How the key is shown in help. */
  readonly label: string;
  readonly description: string;
  readonly matches: (input: string, key: Key) => boolean;
}

export const KEYMAP: readonly KeyBinding[] = [
  { command: 'focusNext', label: 'Tab', description: 'focus the next pane', matches: (_i, k) => k.tab && !k.shift },
  { command: 'focusPrev', label: 'Shift-Tab', description: 'focus the previous pane', matches: (_i, k) => k.tab && k.shift },
  { command: 'up', label: 'Up / k', description: 'move up in the focused pane', matches: (i, k) => k.upArrow || i === 'k' },
  { command: 'down', label: 'Down / j', description: 'move down in the focused pane', matches: (i, k) => k.downArrow || i === 'j' },
  { command: 'pageUp', label: 'PgUp', description: 'a page up (Tickers, Orders)', matches: (_i, k) => k.pageUp },
  { command: 'pageDown', label: 'PgDn', description: 'a page down (Tickers, Orders)', matches: (_i, k) => k.pageDown },
  { command: 'left', label: 'Left / h', description: 'previous tab (Orders, Book / Trades), timeframe, or which strategy n starts', matches: (i, k) => k.leftArrow || i === 'h' },
  { command: 'right', label: 'Right / l', description: 'next tab (Orders, Book / Trades), timeframe, or which strategy n starts', matches: (i, k) => k.rightArrow || i === 'l' },
  { command: 'act', label: 'Enter', description: 'act: chart the symbol, market-cap history of a coin; Strategy pane: stop the selected running instance (position kept), or start one', matches: (_i, k) => k.return },
  { command: 'buy', label: 'b', description: 'buy the selected symbol (order entry)', matches: (i) => i === 'b' },
  { command: 'sell', label: 's', description: 'sell the selected symbol (order entry)', matches: (i) => i === 's' },
  { command: 'cancelOrder', label: 'c', description: 'cancel the selected order; Positions tab: close the selected perpetual position (reduce-only market, asks first)', matches: (i) => i === 'c' },
  { command: 'amendOrder', label: 'e', description: 'amend the selected limit order: new price or quantity (cancel-replace)', matches: (i) => i === 'e' },
  { command: 'futures', label: 'f', description: 'switch the selected market between spot and its perpetual (BTC/USDT <-> BTC/USDT:USDT; needs --futures)', matches: (i) => i === 'f' },
  { command: 'leverage', label: 'L', description: 'leverage of the selected perpetual (command line prefilled: leverage SYM N)', matches: (i) => i === 'L' },
  { command: 'marginMode', label: 'm', description: 'margin mode of the selected perpetual (command line prefilled: margin SYM isolated|cross)', matches: (i) => i === 'm' },
  { command: 'positionMode', label: 'M', description: 'position mode of the futures account: one-way <-> hedge (asks first; refused while a position or an order is open)', matches: (i) => i === 'M' },
  { command: 'newStrategy', label: 'n', description: 'start a strategy on the selected symbol (Strategy pane; ←/→ picks which; a dialog asks size and parameters)', matches: (i) => i === 'n' },
  { command: 'flatten', label: 'x', description: 'stop the selected strategy instance and sell its own position (Strategy pane; asks first, says what it sells)', matches: (i) => i === 'x' },
  { command: 'killSwitch', label: 'K', description: 'kill switch: flatten prefilled (stop strategies, cancel orders, refuse new ones until resume)', matches: (i) => i === 'K' },
  { command: 'cancelAll', label: 'C', description: 'Orders: cancel every open order (asks first, listing them)', matches: (i) => i === 'C' },
  { command: 'arbitrage', label: 'A', description: 'Market cap pane <-> Arbitrage: best buy and sell venue of each market, edge net of both fees, flags (needs --venues)', matches: (i) => i === 'A' },
  { command: 'sortNext', label: 'o', description: 'change the sort order (Tickers: symbol, 24h gainers, losers, volume; Market cap)', matches: (i) => i === 'o' },
  { command: 'alert', label: 'a', description: 'price alert on the selected symbol (alert SYM > PRICE; bell when it goes off)', matches: (i) => i === 'a' },
  { command: 'watch', label: 'w', description: 'put the selected symbol on the watchlist or take it off (watched come first, ★)', matches: (i) => i === 'w' },
  // The account view (issue 25).
  { command: 'pnlView', label: 'P', description: 'PnL view: today, this week or this month (d / w / m), by strategy, market or day (← →)', matches: (i) => i === 'P' },
  { command: 'search', label: '/', description: 'filter the tickers as you type (Enter keeps it, Esc clears it)', matches: (i) => i === '/' },
  // The chart and the book: they act where the pane is on screen (every pane is, from 120x34).
  { command: 'chartBack', label: '[', description: 'Chart: scroll back in time, a quarter of the chart a press (the header says how far back)', matches: (i) => i === '[' },
  { command: 'chartForward', label: ']', description: 'Chart: scroll forward again, up to the newest candle', matches: (i) => i === ']' },
  { command: 'chartStyle', label: 'v', description: 'Chart: candles (hollow up, filled down) or a line through the closes', matches: (i) => i === 'v' },
  { command: 'bookGroup', label: 'g', description: 'Order book: group levels by a price step: each level, then 10, 100, 1,000 ticks (your orders marked ● at theirs)', matches: (i) => i === 'g' },
  { command: 'commandLine', label: ':', description: 'command line: any shell command (help lists them)', matches: (i) => i === ':' },
  { command: 'help', label: '?', description: 'this help', matches: (i) => i === '?' },
  { command: 'back', label: 'Esc', description: 'close a dialog, or go back (Chart to Tickers)', matches: (_i, k) => k.escape },
  { command: 'quit', label: 'q', description: 'quit (asks if orders are in flight)', matches: (i) => i === 'q' },
];

export function commandFor(input: string, key: Key): KeyCommand | undefined {
  return KEYMAP.find((b) => b.matches(input, key))?.command;
}

/** Keys inside a dialog, by dialog: data too, so `?` lists them beside the keymap. */
export interface DialogKey {
  readonly dialog: 'order entry' | 'confirmation' | 'strategy start' | 'command line' | 'ticker filter' | 'output' | 'quit with strategies' | 'position mode' | 'pnl view';
  readonly label: string;
  readonly description: string;
}

export const DIALOG_KEYS: readonly DialogKey[] = [
  { dialog: 'order entry', label: '↑ ↓ / Tab', description: 'previous / next field' },
  { dialog: 'order entry', label: '← →', description: 'change side, type or time in force (GTC / IOC on a limit)' },
  { dialog: 'order entry', label: 'Spend', description: 'an amount of the quote asset instead of a quantity: it becomes the quantity at the price, on the lot size' },
  { dialog: 'order entry', label: 'Profit at / Stop at', description: 'take-profit and stop-loss prices: both make a bracket; its exits rest as one OCO once the order fills' },
  { dialog: 'order entry', label: '%', description: 'quantity 25, 50, 75, 100% of the most the order can be' },
  { dialog: 'order entry', label: 'Enter', description: 'review the order (a confirmation follows)' },
  { dialog: 'confirmation', label: 'Enter / y', description: 'send (LIVE: type the symbol first; an unusual price or size asks a second Enter)' },
  { dialog: 'confirmation', label: 'Esc / n', description: 'back to the form' },
  { dialog: 'strategy start', label: '↑ ↓ / Tab', description: 'previous / next field (timeframe, size, parameters)' },
  { dialog: 'strategy start', label: '← →', description: 'change the timeframe' },
  { dialog: 'strategy start', label: 'Enter', description: 'start it (size: 100USDT, 5% of equity or 0.01BTC per entry)' },
  { dialog: 'strategy start', label: 'Esc', description: 'cancel' },
  { dialog: 'command line', label: 'Tab', description: 'complete a command or symbol (a completed word gets its space)' },
  { dialog: 'command line', label: '↑ ↓', description: 'earlier / later lines (the shell\'s history too)' },
  { dialog: 'command line', label: '← → Home End', description: 'move the cursor (Ctrl-A / Ctrl-E too)' },
  { dialog: 'command line', label: 'Ctrl-U / W / K', description: 'delete to the start / the word before / to the end' },
  { dialog: 'command line', label: 'Enter', description: 'run it' },
  { dialog: 'ticker filter', label: 'Enter / Esc', description: 'keep the filter / clear it' },
  { dialog: 'output', label: '↑ ↓ PgUp PgDn', description: 'scroll; ← → sideways' },
  { dialog: 'output', label: 'Esc / q', description: 'close' },
  { dialog: 'output', label: ':', description: 'the next command (closes this answer)' },
  { dialog: 'quit with strategies', label: '↑ ↓ Enter', description: 'choose: keep them running in the background, stop them, or cancel' },
  { dialog: 'quit with strategies', label: 'k / s / c', description: 'keep running (the daemon takes over) / stop them and quit / cancel' },
  { dialog: 'quit with strategies', label: 'Esc / n', description: 'cancel: back to the app' },
  { dialog: 'position mode', label: 'Enter / y', description: 'switch (with a position or an order open the exchange refuses, and the reason is shown)' },
  { dialog: 'position mode', label: 'Esc / n', description: 'keep the mode' },
  { dialog: 'pnl view', label: '← →', description: 'by strategy, by market, by day' },
  { dialog: 'pnl view', label: 'd / w / m', description: 'today, this week (from Monday), this month (UTC)' },
  { dialog: 'pnl view', label: '↑ ↓ PgUp PgDn', description: 'scroll' },
  { dialog: 'pnl view', label: 'Esc / q', description: 'close' },
];

/** `%` in order entry: whether this key press asks for the next share of the maximum. */
export const isQuantityShareKey = (input: string): boolean => input === '%';
