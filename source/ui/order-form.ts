import type { Session } from '../app/session/session.js';
import type { FuturesTicket } from '../engine/futures-ticket.js';
import type { BracketExits, Order, OrderRequest, OrderType, Refusal, Side, TimeInForce, TrailingTerms } from '../domain/index.js';
import { parseTrailing } from '../engine/trailing-stop.js';
import { selectInstrument, selectPositionMode } from '../store/index.js';
import { decimalProblem, parsePositiveDecimal } from '../domain/index.js';
import { bracketProblem } from '../engine/brackets.js';
import { qtyForQuote } from '../engine/order-preview.js';

export type FormField = 'side' | 'posSide' | 'type' | 'qty' | 'spend' | 'trigger' | 'trail' | 'activation' | 'price' | 'tif' | 'tp' | 'sl';
/** The fields typed as text (the others change with ←/→). */
export const TEXT_FIELDS: ReadonlySet<FormField> = new Set(['qty', 'spend', 'trigger', 'trail', 'activation', 'price', 'tp', 'sl']);
/**
 * `stop`: a stop order with a trigger price; a limit price makes it stop-limit, none stop-market.
 * `trailing`: a trailing stop-market order, its trigger following the best price by a distance.
 */
export type FormType = OrderType | 'stop' | 'trailing';

/** ←/→ on the type field: market, limit, stop, trailing, and round (a perpetual's stops are reduce-only: see `isExitStop`). */
export function nextFormType(t: FormType): FormType {
  return t === 'market' ? 'limit' : t === 'limit' ? 'stop' : t === 'stop' ? 'trailing' : 'market';
}

/** ←/→ on a limit order's time in force: GTC, IOC, FOK, post-only (GTC that must rest), and round. */
export function nextTif(form: Pick<OrderForm, 'tif' | 'postOnly'>): Pick<OrderForm, 'tif' | 'postOnly'> {
  if (form.postOnly) return { tif: 'GTC', postOnly: false };
  const tif = form.tif ?? 'GTC';
  return tif === 'GTC' ? { tif: 'IOC', postOnly: false } : tif === 'IOC' ? { tif: 'FOK', postOnly: false } : { tif: 'GTC', postOnly: true };
}

/**
 * A stop or trailing stop in the ticket on a perpetual is an exit: sent reduce-only, so it can
 * close the position (or part of it) and never open or add to one. An entry stop on a
 * perpetual (a breakout buy) is the shell's `buy ... --stop P`, where nothing is implied.
 */
export function isExitStop(form: Pick<OrderForm, 'perpetual' | 'type'>): boolean {
  return form.perpetual === true && (form.type === 'stop' || form.type === 'trailing');
}

/** The order type the form sends: a stop is a market or limit order behind its trigger. */
function requestType(form: OrderForm): OrderType {
  if (form.type === 'trailing') return 'market';
  return form.type === 'stop' ? (form.price.trim() === '' ? 'market' : 'limit') : form.type;
}

export interface OrderForm {
  readonly side: Side;
  readonly type: FormType;
  readonly symbol: string;
  /** A stop's trigger price, as typed. */
  readonly trigger?: string;
  readonly qty: string;
  readonly price: string;
  readonly field: FormField;
  /**
   * Set when the form amends this resting order: side, type and symbol are the order's and
   * stay fixed; price and quantity (still to fill) are the new terms.
   */
  readonly amends?: string;
  /** The last share of the maximum chosen with %, so the next % takes the next one. */
  readonly share?: number;
  /** A perpetual in hedge mode: which position the order is for (buy LONG opens, sell LONG closes). */
  readonly positionSide?: 'LONG' | 'SHORT';
  /** A perpetual: no spend amount or bracket in the ticket (a bracket's exits are spot OCOs). */
  readonly perpetual?: boolean;
  /** "Spend" in the quote asset, as typed: when set, the quantity is what it buys at the price, on the lot size. */
  readonly spend?: string;
  /** A limit order's time in force (default GTC). */
  readonly tif?: TimeInForce;
  /** A limit order that must rest (post-only); its time in force is GTC. */
  readonly postOnly?: boolean;
  /** A trailing stop's distance as typed: `2%` or `150`. */
  readonly trail?: string;
  /** A trailing stop's activation price as typed; empty: it trails at once. */
  readonly activation?: string;
  /** A bracket's take-profit and stop-loss, as typed: both or neither. */
  readonly tp?: string;
  readonly sl?: string;
}

/** A new form for `b`/`s`: on a perpetual in hedge mode it names the position it opens. */
export function newOrderForm(session: Session, side: Side, symbol: string): OrderForm {
  const state = session.state();
  const hedge = selectInstrument(state, session.venue, symbol)?.perpetual !== undefined && selectPositionMode(state, session.venue) === 'hedge';
  const perpetual = selectInstrument(state, session.venue, symbol)?.perpetual !== undefined;
  return { side, type: 'market', symbol, qty: '', price: '', field: 'qty', ...(perpetual ? { perpetual } : {}), ...(hedge ? { positionSide: side === 'buy' ? 'LONG' : 'SHORT' } : {}) };
}

const SHARES = [25, 50, 75, 100] as const;

/** `%` on the order form: the quantity becomes the next share (25, 50, 75, 100%) of the most it can be. */
export function nextShare(session: Session, form: OrderForm): OrderForm {
  const share = SHARES[(SHARES.indexOf((form.share ?? 100) as (typeof SHARES)[number]) + 1) % SHARES.length];
  const type = requestType(form);
  const price = type === 'limit' ? parsePositiveDecimal(form.price) : undefined;
  const qty = session.shareOfMax({ symbol: form.symbol, side: form.side, type, price }, share);
  return { ...form, share, field: 'qty', qty: qty > 0 ? String(qty) : form.qty, spend: undefined };
}

/** What the order can draw on: the free quote (buy) or base (sell) balance. */
export function available(session: Session, form: OrderForm): { readonly amount: number; readonly asset: string } | undefined {
  const inst = session.state().market.instruments[`${session.venue}:${form.symbol}`];
  if (!inst) return undefined;
  // A perpetual draws on the futures account's available balance (margin), either side.
  if (inst.perpetual && session.futures.available) return { amount: session.futures.account().availableBalance, asset: inst.perpetual.marginAsset };
  const asset = form.side === 'buy' ? inst.quote : inst.base;
  return { amount: session.balance()[asset]?.free ?? 0, asset };
}

/** The form of `e` on an open order in Orders: its terms prefilled, the quantity what it has left. */
export function amendForm(order: Order): OrderForm {
  return { side: order.side, type: order.stopPrice === undefined ? 'limit' : 'stop', trigger: order.stopPrice === undefined ? undefined : String(order.stopPrice), symbol: order.symbol, qty: String(order.qty - order.filledQty), price: String(order.price ?? ''), field: 'price', amends: order.id };
}

export interface FormCheck {
  readonly qtyError?: string;
  readonly spendError?: string;
  readonly tpError?: string;
  readonly slError?: string;
  /** The quantity the spend amount buys, when it is set. */
  readonly spendQty?: number;
  /** A bracket's exits, when both are set and fit the order: sent with `session.bracket`. */
  readonly bracket?: BracketExits;
  readonly priceError?: string;
  readonly triggerError?: string;
  readonly trailError?: string;
  readonly activationError?: string;
  /** Problems of the order as a whole (balance, limits). */
  readonly error?: string;
  /** The input the engine's refusal names (its `field`), for Enter to move to. */
  readonly field?: FormField;
  readonly request?: Omit<OrderRequest, 'venue'>;
  readonly price?: number;
  readonly notional?: number;
  readonly fee?: number;
  /** Fat-finger warnings: the order may go, after a second confirmation. */
  readonly warnings: readonly string[];
  /** On a perpetual: the engine's ticket (leverage, margin mode, side, margin, liquidation price). */
  readonly futures?: FuturesTicket;
}

export function formFields(form: OrderForm): readonly FormField[] {
  if (form.amends !== undefined) return ['qty', 'price'];
  const head: readonly FormField[] = form.positionSide ? ['side', 'posSide', 'type', 'qty'] : ['side', 'type', 'qty'];
  if (form.type === 'stop') return [...head, 'trigger', 'price'];
  if (form.type === 'trailing') return [...head, 'trail', 'activation'];
  const spot: readonly FormField[] = form.perpetual ? [] : ['spend'];
  const exits: readonly FormField[] = form.perpetual ? [] : ['tp', 'sl'];
  return form.type === 'limit' ? [...head, ...spot, 'price', 'tif', ...exits] : [...head, ...spot, ...exits];
}

/**
 * Everything wrong with the form, placed beside the field it concerns. The figures and the
 * verdict are the engine's own preview of the order against the live state (the same check
 * it runs before sending), so the form follows the book while it is open.
 */
export function checkForm(session: Session, form: OrderForm): FormCheck {
  const type = requestType(form);
  const price = type === 'limit' ? parsePositiveDecimal(form.price) : undefined;
  const fields = formFields(form);
  const spent = fields.includes('spend') ? spendQty(session, form, price) : undefined;
  const qty = spent ? spent.qty : parsePositiveDecimal(form.qty);
  const qtyError = spent ? undefined : form.qty === '' ? 'enter a quantity' : qty === undefined ? decimalProblem(form.qty) : undefined;
  const exits = fields.includes('tp') ? bracketOf(form) : {};
  const extra = { ...(spent?.error ? { spendError: spent.error } : {}), ...(spent?.qty ? { spendQty: spent.qty } : {}), ...(exits.tpError ? { tpError: exits.tpError } : {}), ...(exits.slError ? { slError: exits.slError } : {}) };
  const priceError = type !== 'limit' ? undefined : form.price === '' ? 'enter a limit price' : price === undefined ? decimalProblem(form.price) : undefined;
  const trigger = form.type === 'stop' ? parsePositiveDecimal(form.trigger ?? '') : undefined;
  const triggerError = form.type !== 'stop' ? undefined : (form.trigger ?? '') === '' ? 'enter a trigger price' : trigger === undefined ? decimalProblem(form.trigger ?? '') : undefined;
  const trail = trailOf(form);
  const inForce = type === 'limit' && form.type === 'limit' ? { ...(form.tif ? { tif: form.tif } : {}), ...(form.postOnly ? { postOnly: true } : {}) } : {};
  const request = { symbol: form.symbol, side: form.side, type, qty: qty ?? 0, price, ...inForce, ...(trigger === undefined ? {} : { stopPrice: trigger }), ...(trail.terms ? { trailing: trail.terms } : {}), ...(form.positionSide ? { positionSide: form.positionSide } : {}), ...(isExitStop(form) ? { reduceOnly: true } : {}) };
  const p = session.preview(request);
  // Without a valid quantity the figures still follow the market price (notional unknown).
  const figures = { price: p.price, notional: qty === undefined ? undefined : p.notional, fee: qty === undefined ? undefined : p.fee, ...(p.futures ? { futures: p.futures } : {}) };
  const { trailError, activationError } = trail;
  if (qtyError || priceError || triggerError || trailError || activationError || spent?.error || exits.tpError || exits.slError || qty === undefined) return { qtyError, priceError, triggerError, trailError, activationError, ...extra, ...figures, warnings: [] };
  // An amend is checked as the replacement it is: the old order's funds count as free again.
  const refused = form.amends === undefined ? p.problem : session.checkAmend(form.amends, { qty, price });
  // A bracket's exits are checked against the entry's price (the limit, or the market's now).
  const wrongWay = !refused && exits.bracket ? bracketProblem({ side: form.side, price: price ?? p.price }, exits.bracket) : undefined;
  if (wrongWay) return { [wrongWay.field === 'sl' ? 'slError' : 'tpError']: wrongWay.text, field: wrongWay.field === 'sl' ? 'sl' : 'tp', ...extra, ...figures, warnings: [] };
  if (!refused) return { request, ...extra, ...(exits.bracket ? { bracket: exits.bracket } : {}), ...figures, warnings: p.warnings };
  const named = formField(refused);
  const field = named !== undefined && formFields(form).includes(named) ? named : undefined;
  return { [errorSlot(field)]: refused.text, ...(field ? { field } : {}), ...figures, warnings: [] };
}

/** The quantity a typed spend amount buys at the limit price, or at the market's price now; undefined while none is typed. */
function spendQty(session: Session, form: OrderForm, limit: number | undefined): { qty?: number; error?: string } | undefined {
  const text = form.spend ?? '';
  if (text === '') return undefined;
  const quote = parsePositiveDecimal(text);
  if (quote === undefined) return { error: decimalProblem(text) ?? 'enter an amount to spend' };
  const inst = selectInstrument(session.state(), session.venue, form.symbol);
  const at = limit ?? session.preview({ symbol: form.symbol, side: form.side, type: 'market', qty: 0 }).price;
  if (!inst || !at) return { error: 'no price yet to turn the amount into a quantity' };
  const qty = qtyForQuote(quote, at, inst);
  return qty > 0 ? { qty } : { error: `${text} ${inst.quote} is less than one lot (${inst.lotSize} ${inst.base}) at ${at}` };
}

/** The trailing stop typed into the form: its terms, or what is wrong with the distance or the activation price. */
function trailOf(form: OrderForm): { terms?: TrailingTerms; trailError?: string; activationError?: string } {
  if (form.type !== 'trailing') return {};
  const text = (form.trail ?? '').trim();
  const actText = (form.activation ?? '').trim();
  const activation = actText === '' ? undefined : parsePositiveDecimal(actText);
  const activationError = actText !== '' && activation === undefined ? decimalProblem(actText) ?? 'use a positive price, or leave it empty to trail at once' : undefined;
  if (text === '') return { trailError: 'enter a distance: a percent (2%) or a price (150)', ...(activationError ? { activationError } : {}) };
  const parsed = parseTrailing(text, activation);
  if (!parsed.ok) return { trailError: parsed.error, ...(activationError ? { activationError } : {}) };
  return activationError ? { activationError } : { terms: parsed.terms };
}

/** The bracket typed into the form: both prices, or neither, or what is wrong with them. */
function bracketOf(form: OrderForm): { bracket?: BracketExits; tpError?: string; slError?: string } {
  const tpText = form.tp ?? '';
  const slText = form.sl ?? '';
  if (tpText === '' && slText === '') return {};
  const tp = parsePositiveDecimal(tpText);
  const sl = parsePositiveDecimal(slText);
  const tpError = tpText === '' ? 'a bracket needs a take-profit too (or clear the stop-loss)' : tp === undefined ? decimalProblem(tpText) ?? 'use a positive price' : undefined;
  const slError = slText === '' ? 'a bracket needs a stop-loss too (or clear the take-profit)' : sl === undefined ? decimalProblem(slText) ?? 'use a positive price' : undefined;
  if (tpError || slError || tp === undefined || sl === undefined) return { ...(tpError ? { tpError } : {}), ...(slError ? { slError } : {}) };
  return { bracket: { tp, sl } };
}

/** The form's input for the request field a refusal names (none for the order as a whole, or leverage: set elsewhere). */
function formField(r: Refusal): FormField | undefined {
  switch (r.field) {
    case 'qty':
      return 'qty';
    case 'price':
      return 'price';
    case 'stopPrice':
      return 'trigger';
    case 'trailing':
      return 'trail';
    case 'activation':
      return 'activation';
    case 'tif':
    case 'postOnly':
      return 'tif';
    case 'positionSide':
      return 'posSide';
    default:
      return undefined;
  }
}

/** Where the form shows a refusal: beside the input it names, or under the form (the side selector has no line of its own). */
function errorSlot(field: FormField | undefined): 'qtyError' | 'priceError' | 'triggerError' | 'trailError' | 'activationError' | 'error' {
  return field === 'qty' ? 'qtyError' : field === 'price' ? 'priceError' : field === 'trigger' ? 'triggerError' : field === 'trail' ? 'trailError' : field === 'activation' ? 'activationError' : 'error';
}
