import type { Session } from '../app/session.js';
import type { OrderRequest, OrderType, Side } from '../domain/index.js';
import { parsePositiveDecimal } from '../domain/index.js';

export type FormField = 'side' | 'type' | 'qty' | 'price';

export interface OrderForm {
  readonly side: Side;
  readonly type: OrderType;
  readonly symbol: string;
  readonly qty: string;
  readonly price: string;
  readonly field: FormField;
}

export interface FormCheck {
  readonly qtyError?: string;
  readonly priceError?: string;
  /** Problems of the order as a whole (balance, limits). */
  readonly error?: string;
  readonly request?: Omit<OrderRequest, 'venue'>;
  readonly price?: number;
  readonly notional?: number;
  readonly fee?: number;
}

export function formFields(form: OrderForm): readonly FormField[] {
  return form.type === 'limit' ? ['side', 'type', 'qty', 'price'] : ['side', 'type', 'qty'];
}

/**
 * Everything wrong with the form, placed beside the field it concerns, using the same
 * pre-trade check the engine will run, so nothing is sent that would be refused.
 */
export function checkForm(session: Session, form: OrderForm, feeRate = 0.001): FormCheck {
  const qty = parsePositiveDecimal(form.qty);
  const price = form.type === 'limit' ? parsePositiveDecimal(form.price) : undefined;
  const qtyError = form.qty === '' ? 'enter a quantity' : qty === undefined ? 'must be a positive number, like 0.01' : undefined;
  const priceError = form.type !== 'limit' ? undefined : form.price === '' ? 'enter a limit price' : price === undefined ? 'must be a positive number' : undefined;
  const t = session.state().market.tickers[`${session.venue}:${form.symbol}`];
  const ref = form.type === 'limit' ? price : form.side === 'buy' ? t?.ask : t?.bid;
  const notional = qty !== undefined && ref !== undefined ? qty * ref : undefined;
  const fee = notional !== undefined ? notional * feeRate : undefined;
  if (qtyError || priceError || qty === undefined) return { qtyError, priceError, price: ref, notional, fee };
  const request = { symbol: form.symbol, side: form.side, type: form.type, qty, price };
  const reason = session.checkOrder(request);
  if (!reason) return { request, price: ref, notional, fee };
  if (/^quantity/.test(reason)) return { qtyError: reason, price: ref, notional, fee };
  if (/^price/.test(reason)) return { priceError: reason, price: ref, notional, fee };
  return { error: reason, price: ref, notional, fee };
}
