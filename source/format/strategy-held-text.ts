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

/** A signed quantity: `+0.03`, `-0.02`, `0`. */
const sq = (x: number): string => (x > 0 ? `+${q(x)}` : q(x));

/**
 * What every front end says of instances holding opposite sides of one one-way perpetual
 * (engine/strategy-held.ts selectNettings): "BTC/USDT:USDT (one-way) nets A +0.03 and B -0.02 to
 * +0.01 BTC; the account's position +0.01". Where the account holds other than their net, the
 * rest is the trader's: "…; the account's position +0.05 (+0.04 of it yours)".
 */
export function nettedText(v: Pick<StrategyInstanceView, 'netted'>): string | undefined {
  const n = v.netted;
  if (!n) return undefined;
  const who = n.claims.map((c) => `${c.id} ${sq(c.held)}`);
  const list = who.length === 2 ? who.join(' and ') : `${who.slice(0, -1).join(', ')} and ${who[who.length - 1]}`;
  const account = n.account === undefined ? "the account's position not known yet" : `the account's position ${sq(n.account)}${Math.abs(n.account - n.net) > 1e-9 ? ` (${sq(n.account - n.net)} of it yours)` : ''}`;
  return `${n.symbol} (one-way) nets ${list} to ${sq(n.net)} ${baseOf(n.symbol)}; ${account}`;
}

/**
 * The same in a few words for a pane's detail line, under a table that lists who holds what:
 * "net +0.01 = account" (the instances' net is the account's position), "net +0.01, account +0.05".
 */
export function nettedShort(v: Pick<StrategyInstanceView, 'netted'>): string | undefined {
  const n = v.netted;
  if (!n) return undefined;
  if (n.account !== undefined && Math.abs(n.account - n.net) <= 1e-9) return `net ${sq(n.net)} = account`;
  return `net ${sq(n.net)}, account ${n.account === undefined ? 'not known yet' : sq(n.account)}`;
}

/** The netting lines of a list of instances, once per market whoever of them is listed. */
export function nettedLines(list: readonly Pick<StrategyInstanceView, 'netted'>[]): string[] {
  return [...new Set(list.flatMap((v) => nettedText(v) ?? []))];
}
