import type { ShellCommand } from './command-spec.js';
import { alertCommand, alertsCommand } from './commands/alert.js';
import { arbCommand } from './commands/arb.js';
import { watchCommand } from './commands/watch.js';
import { balanceCommand } from './commands/balance.js';
import { bookCommand } from './commands/book.js';
import { cancelCommand } from './commands/cancel.js';
import { amendCommand } from './commands/amend.js';
import { ocoCommand } from './commands/oco.js';
import { closeCommand } from './commands/close.js';
import { chartCommand } from './commands/chart.js';
import { daemonCommand } from './commands/daemon.js';
import { helpCommand } from './commands/help.js';
import { historyCommand } from './commands/history.js';
import { flattenCommand, resumeCommand } from './commands/flatten.js';
import { leverageCommand } from './commands/leverage.js';
import { longCommand, shortCommand } from './commands/long-short.js';
import { marginCommand } from './commands/margin.js';
import { marketcapCommand } from './commands/marketcap.js';
import { modeCommand } from './commands/mode.js';
import { buyCommand, sellCommand } from './commands/order-command.js';
import { ordersCommand } from './commands/orders.js';
import { positionsCommand } from './commands/positions.js';
import { quitCommand } from './commands/quit.js';
import { strategiesCommand } from './commands/strategies.js';
import { startCommand } from './commands/strategy-start.js';
import { statusCommand } from './commands/strategy-status.js';
import { stopCommand } from './commands/strategy-stop.js';
import { tickerCommand } from './commands/ticker.js';
import { tickersCommand } from './commands/tickers.js';
import { tradesCommand } from './commands/trades.js';
import { pnlCommand } from './commands/pnl.js';

/** Every shell command, in the order `help` lists them. */
export const COMMANDS: readonly ShellCommand[] = [
  tickersCommand,
  tickerCommand,
  chartCommand,
  bookCommand,
  marketcapCommand,
  buyCommand,
  sellCommand,
  ordersCommand,
  cancelCommand,
  amendCommand,
  ocoCommand,
  longCommand,
  shortCommand,
  closeCommand,
  leverageCommand,
  marginCommand,
  modeCommand,
  alertCommand,
  alertsCommand,
  watchCommand,
  balanceCommand,
  positionsCommand,
  tradesCommand,
  pnlCommand,
  strategiesCommand,
  startCommand,
  stopCommand,
  arbCommand,
  statusCommand,
  flattenCommand,
  resumeCommand,
  historyCommand,
  daemonCommand,
  helpCommand,
  quitCommand,
];

export function findCommand(name: string, commands: readonly ShellCommand[] = COMMANDS): ShellCommand | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || c.aliases?.includes(n));
}
