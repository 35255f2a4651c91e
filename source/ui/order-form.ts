import type { Session } from '../app/session.js';
import type { OrderRequest, OrderType, Side } from '../domain/index.js';
import { decimalProblem, parsePositiveDecimal } from '../domain/index.js';

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
  /** Fat-finger warnings: the order may go, after a second confirmation. */
  readonly warnings: readonly string[];
}

export function formFields(form: OrderForm): readonly FormField[] {
  return form.type === 'limit' ? ['side', 'type', 'qty', 'price'] : ['side', 'type', 'qty'];
}

/**
 * Everything wrong with the form, placed beside the field it concerns. The figures and the
 * verdict are the engine's own preview of the order against the live state (the same check
 * it runs before sending), so the form follows the book while it is open.
 */
export function checkForm(session: Session, form: OrderForm): FormCheck {
  const qty = parsePositiveDecimal(form.qty);
  const price = form.type === 'limit' ? parsePositiveDecimal(form.price) : undefined;
  const qtyError = form.qty === '' ? 'enter a quantity' : qty === undefined ? decimalProblem(form.qty) : undefined;
  const priceError = form.type !== 'limit' ? undefined : form.price === '' ? 'enter a limit price' : price === undefined ? decimalProblem(form.price) : undefined;
  const request = { symbol: form.symbol, side: form.side, type: form.type, qty: qty ?? 0, price };
  const p = session.preview(request);
  // Without a valid quantity the figures still follow the market price (notional unknown).
  const figures = { price: p.price, notional: qty === undefined ? undefined : p.notional, fee: qty === undefined ? undefined : p.fee };
  if (qtyError || priceError || qty === undefined) return { qtyError, priceError, ...figures, warnings: [] };
  const reason = p.problem;
  if (!reason) return { request, ...figures, warnings: p.warnings };
  if (/^quantity/.test(reason)) return { qtyError: reason, ...figures, warnings: [] };
  if (/^price/.test(reason)) return { priceError: reason, ...figures, warnings: [] };
  return { error: reason, ...figures, warnings: [] };
}
