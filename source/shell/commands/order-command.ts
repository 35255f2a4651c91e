import type { Session } from '../../app/session/session.js';
import type { Order, PositionSide, Refusal, Side, TimeInForce, TrailingTerms } from '../../domain/index.js';
import { parseTrailing } from '../../engine/trailing-stop.js';
import { selectInstrument } from '../../store/index.js';
import { decimalProblem, parsePositiveDecimal, parseSymbol, quoteOf, stopKind } from '../../domain/index.js';
import type { CommandOutput } from '../command-output.js';
import { orderWords } from '../order-words.js';
import { defineCommand, fail, needsForce, ok, refused, usageError, type ShellCommand } from '../command-spec.js';
import { fee, priceText, qty, trailText } from '../../format/format.js';

interface OrderArgs {
  readonly symbol: string;
  readonly qty: number;
  readonly price?: number;
  /** GTC unless `--ioc` or `--tif IOC|FOK`. */
  readonly tif: TimeInForce;
  /** `--post-only`: a limit order that must not trade at once (Binance's LIMIT_MAKER / GTX). */
  readonly postOnly: boolean;
  /** `--trailing 2%|150 [--activation P]`: a trailing stop. */
  readonly trailing?: TrailingTerms;
  /** Send even when the price or size is unusual (the fat-finger guard). */
  readonly force: boolean;
  /** Futures: never increase or flip the position. */
  readonly reduceOnly: boolean;
  /** Futures in hedge mode: LONG or SHORT. */
  readonly positionSide?: PositionSide;
  /** A stop order's trigger price (`--stop P`). */
  readonly stopPrice?: number;
  /** A bracket's take-profit and stop-loss (`--tp P --sl P`), placed once the entry fills. */
  readonly tp?: number;
  readonly sl?: number;
  /** `--venue NAME`: one of the session's venues (`--venues`); absent: the session's own. */
  readonly venue?: string;
}

/** `--side long|short` (or `--side=long`) out of the words; the rest stay in order. */
export function takeSideFlag(words: readonly string[]): { rest: string[]; side?: PositionSide; error?: string } {
  const rest: string[] = [];
  let side: PositionSide | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w !== '--side' && !w.startsWith('--side=')) {
      rest.push(w);
      continue;
    }
    const v = (w === '--side' ? words[++i] : w.slice(7))?.toLowerCase();
    if (v !== 'long' && v !== 'short') return { rest, error: `--side takes long or short (got "${v ?? ''}")` };
    side = v === 'long' ? 'LONG' : 'SHORT';
  }
  return { rest, side };
}

/** `--NAME P` (or `--NAME=P`) out of the words, a positive price; the rest stay in order. */
function takePriceFlag(words: readonly string[], name: 'stop' | 'tp' | 'sl' | 'activation', what: string): { rest: string[]; value?: number; error?: string } {
  const word = takeWordFlag(words, name);
  if (word.value === undefined) return { rest: word.rest };
  const value = parsePositiveDecimal(word.value);
  if (value === undefined) return { rest: word.rest, error: `bad ${what} "${word.value}": ${(word.value && decimalProblem(word.value)) ?? 'use a positive decimal number like 90000'}` };
  return { rest: word.rest, value };
}

/** `--NAME WORD` (or `--NAME=WORD`) out of the words, as typed (empty when the word is missing); the rest stay in order. */
function takeWordFlag(words: readonly string[], name: string): { rest: string[]; value?: string } {
  const rest: string[] = [];
  let value: string | undefined;
  const flag = `--${name}`;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w !== flag && !w.startsWith(`${flag}=`)) {
      rest.push(w);
      continue;
    }
    value = (w === flag ? words[++i] : w.slice(flag.length + 1)) ?? '';
  }
  return { rest, value };
}

/** `--trailing 2%|150 [--activation P]` out of the words: the trailing terms, or what was wrong. */
function takeTrailing(words: readonly string[]): { rest: string[]; terms?: TrailingTerms; error?: string } {
  const act = takePriceFlag(words, 'activation', 'activation price');
  if (act.error) return { rest: act.rest, error: act.error };
  const t = takeWordFlag(act.rest, 'trailing');
  if (t.value === undefined) return act.value === undefined ? { rest: t.rest } : { rest: t.rest, error: '--activation is for a trailing stop: add --trailing 2% (or a price distance)' };
  const parsed = parseTrailing(t.value, act.value);
  return parsed.ok ? { rest: t.rest, terms: parsed.terms } : { rest: t.rest, error: parsed.error };
}

/** `--tif GTC|IOC|FOK` (`--ioc` is `--tif IOC`) out of the words. */
function takeTif(words: readonly string[]): { rest: string[]; tif?: TimeInForce; error?: string } {
  const t = takeWordFlag(words, 'tif');
  const ioc = t.rest.includes('--ioc');
  const rest = t.rest.filter((w) => w !== '--ioc');
  if (t.value === undefined) return { rest, tif: ioc ? 'IOC' : undefined };
  const tif = t.value.toUpperCase();
  if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') return { rest, error: `bad time in force "${t.value}": use GTC, IOC or FOK` };
  if (ioc && tif !== 'IOC') return { rest, error: `--ioc and --tif ${tif} say different things: give one` };
  return { rest, tif };
}

/** `buy` and `sell` differ only in side. */
function orderCommand(side: Side): ShellCommand {
  const spec = { usage: `${side} SYMBOL QTY [PRICE] [--stop P | --trailing D [--activation P] | --tp P --sl P] [--tif GTC|IOC|FOK | --ioc] [--post-only] [--force] [--reduce-only] [--side long|short] [--venue NAME]` };
  return defineCommand<OrderArgs>({
    name: side,
    summary: `${side} at market, or a limit order when PRICE is given`,
    usage: spec.usage,
    details: [
      `QTY is in the base asset (0.01 for ${side === 'buy' ? 'buying' : 'selling'} 0.01 BTC of BTC/USDT); PRICE in the quote asset (also written "@ 3000" or "@3000", as orders are told back).`,
      'Without PRICE the order takes the book at market; with PRICE it is a limit order that rests until filled',
      'or cancelled (--ioc or --tif IOC: fill what crosses now, cancel the rest; --tif FOK: fill it all now or',
      'nothing; --post-only: only ever rest on the book, refused if it would trade at once). Risk limits and exchange filters are',
      'checked before the order leaves. A limit price far from the market (risk.priceBandPercent) or an order',
      'that is a large share of the account (risk.maxEquitySharePercent) is not sent without --force.',
      `--stop P: a stop order; it rests untriggered (funds held) until the last trade reaches P, then it is a`,
      `market order, or a limit order at PRICE. P ${side === 'sell' ? 'below the market is a stop-loss, above it a take-profit' : 'above the market is a stop-loss (of a short), below it a take-profit (a buy-the-dip entry)'}.`,
      `--trailing D: a trailing stop (a market order once set off); D is a percent (2%) or a price distance (150).`,
      `It ${side === 'sell' ? 'follows the highest price since it was placed and fires when the price falls D under it' : 'follows the lowest price since it was placed and fires when the price rises D over it'};`,
      '--activation P: it starts trailing only once the price reaches P (from P). See its moving trigger in: orders.',
      `--tp P --sl P: a bracket; once the ${side} is done, a take-profit limit at --tp and a stop-loss at --sl are placed`,
      'as one OCO for what it filled (one filling cancels the other). A limit entry that fills in parts gets them when',
      'it completes or its rest is cancelled. They pass the same checks; a refused exit is shown in the log.',
      'Perpetuals (BTC/USDT:USDT): --reduce-only never increases or flips the position; in hedge mode',
      '--side long|short names the position the order is for (see also: long, short, close).',
      '--venue NAME: a session over several venues (--venues) sends it to that one (default: the first).',
    ].join('\n'),
    symbolArgs: [0],
    record: true,
    parse(words) {
      const onVenue = takeWordFlag(words, 'venue');
      if (onVenue.value === '') return usageError(spec, '--venue needs a venue name, one of the session\'s (see: balance)');
      const stopped = takePriceFlag(onVenue.rest, 'stop', 'stop price');
      if (stopped.error) return usageError(spec, stopped.error);
      const tp = takePriceFlag(stopped.rest, 'tp', 'take-profit');
      if (tp.error) return usageError(spec, tp.error);
      const sl = takePriceFlag(tp.rest, 'sl', 'stop-loss');
      if (sl.error) return usageError(spec, sl.error);
      const trail = takeTrailing(sl.rest);
      if (trail.error) return usageError(spec, trail.error);
      const tifTaken = takeTif(trail.rest);
      if (tifTaken.error) return usageError(spec, tifTaken.error);
      const taken = takeSideFlag(tifTaken.rest);
      if (taken.error) return usageError(spec, taken.error);
      const w = taken.rest;
      const flags = w.filter((x) => x.startsWith('--'));
      const unknown = flags.find((f) => f !== '--force' && f !== '--reduce-only' && f !== '--post-only');
      if (unknown) return usageError(spec, `unknown option ${unknown}`);
      const said = orderWords(w.filter((x) => !x.startsWith('--')), side);
      if (!said.ok) return usageError(spec, said.problem);
      const pos = said.words;
      const s = parseSymbol(pos[0]);
      if (!s.ok) return { ok: false, error: s.error };
      const q = parsePositiveDecimal(pos[1]);
      if (q === undefined) return usageError(spec, `bad quantity "${pos[1]}": ${decimalProblem(pos[1]) ?? 'use a positive decimal number like 0.01'}`);
      let price: number | undefined;
      if (pos[2] !== undefined) {
        price = parsePositiveDecimal(pos[2]);
        if (price === undefined) return usageError(spec, `bad price "${pos[2]}": ${decimalProblem(pos[2]) ?? 'use a positive decimal number like 95000.5'}`);
      }
      const tif = tifTaken.tif ?? 'GTC';
      const postOnly = flags.includes('--post-only');
      const immediate = tif !== 'GTC';
      if (immediate && price === undefined) return usageError(spec, `${tif === 'IOC' ? '--ioc' : `--tif ${tif}`} needs a PRICE (market orders are immediate already)`);
      const tifWord = tif === 'IOC' ? '--ioc' : `--tif ${tif}`;
      if (immediate && (stopped.value !== undefined || trail.terms)) return usageError(spec, `${tifWord} and ${trail.terms ? '--trailing' : '--stop'} do not go together: a stop order rests until triggered`);
      if (postOnly && (price === undefined || immediate || stopped.value !== undefined)) return usageError(spec, '--post-only is for a plain limit order that rests (a PRICE, no --stop, --tif GTC)');
      if (trail.terms && (price !== undefined || stopped.value !== undefined)) return usageError(spec, '--trailing is a trailing stop-market order: no PRICE and no --stop');
      const bracket = tp.value !== undefined || sl.value !== undefined;
      if (bracket && (tp.value === undefined || sl.value === undefined)) return usageError(spec, 'a bracket needs both --tp P and --sl P');
      if (bracket && (stopped.value !== undefined || trail.terms || immediate || postOnly || taken.side || flags.includes('--reduce-only'))) return usageError(spec, 'a bracket (--tp, --sl) is a plain market or limit entry: not with --stop, --trailing, --tif, --post-only, --reduce-only or --side');
      if (bracket && onVenue.value !== undefined) return usageError(spec, 'a bracket (--tp, --sl) is placed on the session\'s own venue: drop --venue');
      return { ok: true, args: { ...(onVenue.value === undefined ? {} : { venue: onVenue.value.toLowerCase() }), stopPrice: stopped.value, trailing: trail.terms, tp: tp.value, sl: sl.value, symbol: s.symbol, qty: q, price, tif, postOnly, force: flags.includes('--force'), reduceOnly: flags.includes('--reduce-only'), positionSide: taken.side } };
    },
    async run(session, a) {
      const req = {
        symbol: a.symbol, side, type: a.price === undefined ? 'market' : 'limit', qty: a.qty, price: a.price, tif: a.tif,
        ...(a.stopPrice === undefined ? {} : { stopPrice: a.stopPrice }),
        ...(a.trailing === undefined ? {} : { trailing: a.trailing }),
        ...(a.postOnly ? { postOnly: true } : {}),
        ...(a.reduceOnly ? { reduceOnly: true } : {}), ...(a.positionSide ? { positionSide: a.positionSide } : {}),
        ...(a.venue === undefined ? {} : { venue: a.venue }),
      } as const;
      // Every answer names where the money is (PAPER on SIM, LIVE on BINANCE): a one-shot
      // command has no status bar to say it.
      const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
      if (a.venue !== undefined && !session.venueIds().includes(a.venue)) return fail(`${where} ${side} not sent: unknown venue ${a.venue.slice(0, 40)}: this session trades on ${session.venueIds().join(', ')}`);
      const warnings = a.force ? [] : session.preview({ ...req, symbol: session.symbolOn(a.venue ?? session.venue, a.symbol) }).warnings;
      if (warnings.length) return needsForce(`${where} ${side} not sent: ${warnings.join('; ')}. Check it, then add --force to send it anyway`);
      const r = a.tp !== undefined && a.sl !== undefined ? await session.bracket({ symbol: a.symbol, side, qty: a.qty, price: a.price, tp: a.tp, sl: a.sl }) : await session.order(req);
      if (!r.ok) return refused(`${where} ${side} ${failureWord(r.refusal)}: ${r.error}`, r.refusal);
      const exits = a.tp === undefined || r.order.status === 'rejected' ? '' : `; bracket: take-profit ${a.tp}, stop-loss ${a.sl} placed as an OCO once it fills (see: orders, history bracket)`;
      return placed(session, `${where} ${describeOrder(r.order, session)}${exits}`, r.order);
    },
  });
}

/**
 * A placed order's answer: its line, and for `--json` the order with the mode it trades in
 * (paper, testnet, live: the line's `[PAPER · SIM]`). One the exchange rejected is a refusal,
 * `venue.rejected`, as the API answers it.
 */
export function placed(session: Pick<Session, 'mode'>, text: string, order: Order): CommandOutput {
  if (order.status === 'rejected') return refused(text, { code: 'venue.rejected' });
  return { ok: true, text, json: { ...order, mode: session.mode } };
}

/**
 * The word before a failed order's reason. An order sent whose answer could not be saved (a
 * full disk) may well have traded: it is UNSAVED, never "rejected" (see: orders).
 */
export function failureWord(r: Refusal): string {
  return r.code === 'log.unsaved' ? 'UNSAVED' : 'rejected';
}

/** An order's outcome in one line; prices at its instrument's tick size when the session knows it. */
export function describeOrder(o: Order, session?: Pick<Session, 'state'>): string {
  const inst = session && selectInstrument(session.state(), o.venue, o.symbol);
  const px = (n: number): string => priceText(n, inst);
  const flags = `${o.positionSide && o.positionSide !== 'BOTH' ? ` ${o.positionSide}` : ''}${o.closePosition ? ' close-position' : o.reduceOnly ? ' reduce-only' : ''}`;
  const stop = o.stopPrice === undefined ? ''
    : o.trailing ? ` trailing stop (${trailText(o.trailing)}), trigger ${px(o.stopPrice)} (${o.stopTrigger === 'above' ? 'at or above' : 'at or below'}, moves with the ${o.side === 'sell' ? 'highs' : 'lows'})`
    : ` ${stopKind(o)} stop ${px(o.stopPrice)} (${o.stopTrigger === 'above' ? 'at or above' : 'at or below'})`;
  const terms = `${o.tif === 'FOK' || o.tif === 'IOC' ? ` ${o.tif}` : ''}${o.postOnly ? ' post-only' : ''}`;
  const what = `order ${o.id}: ${o.side} ${qty(o.qty)} ${o.symbol} ${o.type === 'limit' ? `limit ${o.price === undefined ? '?' : px(o.price)}` : 'market'}${stop}${terms}${flags}`;
  switch (o.status) {
    case 'filled':
      // Fees are charged in the quote asset: shown at its precision, not with raw decimals.
      return `${what} filled ${qty(o.filledQty)} at avg ${px(o.avgPrice)}, fee ${fee(o.fee, quoteOf(o.symbol))}`;
    case 'partially_filled':
      return `${what} partially filled ${qty(o.filledQty)} at avg ${px(o.avgPrice)}; rest open`;
    case 'open':
      return `${what} open`;
    case 'cancelled':
      return `${what} cancelled${o.filledQty > 0 ? ` after filling ${qty(o.filledQty)} at avg ${px(o.avgPrice)}` : ''}: ${o.reason ?? ''}`;
    case 'rejected':
      return `${what} rejected: ${o.reason ?? 'no reason given'}`;
    case 'submitted':
      return `${what} submitted, awaiting the exchange`;
    case 'unknown':
      return `${what} UNKNOWN${o.filledQty > 0 ? ` (filled ${qty(o.filledQty)} so far)` : ''}: ${o.reason ?? 'no answer from the exchange'}; it may be live or filled, atapi keeps asking the exchange`;
  }
}

export const buyCommand = orderCommand('buy');
export const sellCommand = orderCommand('sell');
