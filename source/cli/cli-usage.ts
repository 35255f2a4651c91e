import { table } from '../format/format.js';
import { COMMANDS, findCommand } from '../shell/registry.js';
import { GLOBAL_HELP } from './global-options.js';
import { TOP_COMMANDS } from './top-commands.js';

/** `atapi --help`: every shell command, the top-level commands and the global options. */
export function usage(): string {
  const shellRows = COMMANDS.filter((c) => c.name !== 'quit' && c.name !== 'help').map((c) => [`  ${c.usage}`, c.summary] as const);
  const topRows = TOP_COMMANDS.map((c) => [`  ${c.name}`, c.summary]);
  return [
    'atapi: a keyboard-driven trading terminal (simulated exchange by default: no keys, no network)',
    '',
    'usage: atapi [OPTIONS]              open the terminal app',
    '       atapi shell [OPTIONS]        the command shell (atapi> prompt; reads stdin when piped)',
    '       atapi COMMAND [ARGS] [OPTIONS]',
    '',
    'Commands (also inside the shell):',
    helpRows(shellRows),
    ...(topRows.length ? ['', 'More commands:', table([{ header: '' }, { header: '' }], topRows).split('\n').slice(1).join('\n')] : []),
    '',
    'Options:',
    GLOBAL_HELP,
    '',
    'atapi COMMAND --help explains one command. Symbols: BTC/USDT, BTCUSDT or btc-usdt.',
  ].join('\n');
}

/**
 * Usage and summary side by side where the usage is short; a long usage (buy's flags) gets its
 * own line with the summary under it, so one long line does not push every summary past 80 columns.
 */
function helpRows(rows: readonly (readonly [string, string])[], column = 34): string {
  return rows.map(([use, what]) => (use.length <= column ? `${use.padEnd(column)}  ${what}` : `${use}\n${' '.repeat(column + 2)}${what}`)).join('\n');
}

/** `atapi COMMAND --help` for a shell command; undefined when there is no such command. */
export function commandHelp(name: string): string | undefined {
  const c = findCommand(name);
  if (!c) return undefined;
  return [`usage: atapi ${c.usage} [OPTIONS]`, '', c.summary, ...(c.details ? ['', c.details] : []), '', 'Options:', GLOBAL_HELP].join('\n');
}
