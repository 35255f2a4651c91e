// The files themselves, not the domain's index: the web page's bundle imports this too.
import { isPerpetualSymbol } from '../domain/futures.js';
import { baseOf } from '../domain/symbols.js';
import type { StrategyInstanceView } from '../engine/strategy-figures.js';

/**
 * What every front end says of an instance whose own position the account no longer holds
 * (engine/strategy-held.ts): the shell's `strategies` and `status ID`, the Strategy pane, the
 * web page and Telegram's /status. Said plainly, never as a bare zero: a 0 in the POS column
 * reads as "it sold", which it did not.
 */

type HeldFacts = Pick<StrategyInstanceView, 'symbol' | 'position' | 'notHeld' | 'status'>;

/** A quantity without float dust. */
const q = (x: number): string => String(Number(x.toFixed(8)));

/**
 * "position gone: closed outside the strategy — 0 of -0.05 BTC held; no
 * unrealised PnL"; undefined when the account holds all of the instance's own position.
 */
export function notHeldText(v: HeldFacts): string | undefined {
  if (!v.notHeld) return undefined;
  const where = isPerpetualSymbol(v.symbol) ? 'closed outside the strategy' : 'sold or moved outside the strategy';
  const amounts = `${q(v.position)} of ${q(v.notHeld.own)} ${baseOf(v.symbol)} held`;
  if (v.notHeld.cover === 'partly') return `position partly gone: ${where} — ${amounts}; unrealised PnL on the ${q(v.position)} held`;
  const after = v.status === 'stopped' ? '; strategies prune takes it off the list' : '';
  return `position gone: ${where} — ${amounts}; no unrealised PnL${after}`;
}

/**
 * The same in a few words, where the whole cannot be read (a Strategy pane with one line for
 * it): "gone outside it: 0 of -0.05 BTC held". Keeps the word and the numbers.
 */
export function notHeldShort(v: HeldFacts): string | undefined {
  if (!v.notHeld) return undefined;
  return `${v.notHeld.cover === 'partly' ? 'partly gone' : 'gone'} outside it: ${q(v.position)} of ${q(v.notHeld.own)} ${baseOf(v.symbol)} held`;
}

/** The POS cell of a table: `gone` when none of it is held (the row's note says the rest), else what is held. */
export function heldCell(v: HeldFacts, quantity: (n: number) => string): string {
  return v.notHeld?.cover === 'none' ? 'gone' : quantity(v.position);
}
