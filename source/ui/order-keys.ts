import type { Key } from 'ink';
import { isQuantityShareKey } from './keymap.js';
import { printable, type KeyContext } from './key-context.js';
import { checkForm, formFields, nextFormType, nextShare, nextTif, TEXT_FIELDS, type OrderForm } from './order-form.js';
import type { Overlay, UiState } from './ui-state.js';

/**
 * The confirmation of an order (or an amend): Enter / y sends it, after a second Enter for an
 * unusual price or size; LIVE needs the symbol typed first; Esc / n goes back to the form.
 */
export function confirmOrderKey(ctx: KeyContext, o: Extract<Overlay, { kind: 'confirmOrder' }>, input: string, key: Key): void {
  const { session, dispatch } = ctx;
  const set = (patch: Partial<UiState>) => dispatch({ type: 'set', patch });
  const close = () => dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  const live = session.mode === 'live';
  if (key.escape || (!live && input === 'n')) return dispatch({ type: 'overlay', overlay: { kind: 'order', form: o.form } });
  if (live && !key.return) {
    if (key.backspace || key.delete) dispatch({ type: 'overlay', overlay: { ...o, typed: o.typed.slice(0, -1) } });
    else if (printable(input, key)) dispatch({ type: 'overlay', overlay: { ...o, typed: o.typed + input } });
    return;
  }
  if (key.return || input === 'y') {
    if (live && o.typed.toUpperCase() !== o.form.symbol) return set({ message: `type ${o.form.symbol} exactly to send a LIVE order` });
    const check = checkForm(session, o.form);
    if (!check.request) return dispatch({ type: 'overlay', overlay: { kind: 'order', form: o.form } });
    // An unusual price or size is sent only by an Enter given while its warning is shown.
    if (check.warnings.length > 0 && !o.acknowledged) return dispatch({ type: 'overlay', overlay: { ...o, acknowledged: true } });
    close();
    const amends = o.form.amends;
    set({ busy: true, message: amends === undefined ? `sending ${o.form.side} ${o.form.qty} ${o.form.symbol}…` : `amending order ${amends}…` });
    const { request, bracket } = check;
    const sent = amends !== undefined ? session.amend(amends, { qty: request.qty, price: request.price })
      : bracket ? session.bracket({ symbol: request.symbol, side: request.side, qty: request.qty, price: request.price, ...bracket })
      : session.order(request);
    void sent.then((r) => {
      set({ busy: false, message: r.ok ? `${amends === undefined ? '' : `order ${amends} replaced by `}order ${r.order.id} ${r.order.status.replace('_', ' ')}${r.order.reason ? `: ${r.order.reason}` : ''}` : `refused: ${r.error}` });
    });
  }
}

/** Keys in the order form: fields, side and type, the share of the maximum, and typing. */
export function orderFormKey(ctx: KeyContext, form: OrderForm, input: string, key: Key): void {
  const { dispatch, session } = ctx;
  const update = (patch: Partial<OrderForm>) => dispatch({ type: 'overlay', overlay: { kind: 'order', form: { ...form, ...patch } } });
  const fields = formFields(form);
  const at = fields.indexOf(form.field);
  if (key.escape) return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (key.upArrow || (key.tab && key.shift)) return update({ field: fields[(at - 1 + fields.length) % fields.length] });
  if (key.downArrow || key.tab) return update({ field: fields[(at + 1) % fields.length] });
  if (key.leftArrow || key.rightArrow) {
    // An amend keeps the order's side and type: only its price and quantity change.
    if (form.amends !== undefined) return;
    if (form.field === 'side') return update({ side: form.side === 'buy' ? 'sell' : 'buy', share: undefined });
    if (form.field === 'tif') return update(nextTif(form));
    if (form.field === 'posSide') return update({ positionSide: form.positionSide === 'LONG' ? 'SHORT' : 'LONG', share: undefined });
    if (form.field === 'type') {
      const type = nextFormType(form.type);
      // A stop starts as stop-market: its limit price is optional, its trigger is the trader's.
      // A trailing stop is a stop-market order: no limit price; its distance starts at 1%.
      return update({ type, price: type === 'limit' ? form.price || suggestPrice(ctx, form) : type === 'stop' || type === 'trailing' ? '' : form.price, trigger: type === 'stop' ? form.trigger ?? suggestPrice(ctx, form) : form.trigger, ...(type === 'trailing' ? { trail: form.trail ?? '1%' } : {}) });
    }
    return;
  }
  if (key.return) {
    const check = checkForm(session, form);
    if (!check.request) {
      const bad = check.spendError ? 'spend' : check.qtyError ? 'qty' : check.triggerError ? 'trigger' : check.trailError ? 'trail' : check.activationError ? 'activation' : check.priceError ? 'price' : check.tpError ? 'tp' : check.slError ? 'sl' : check.field ?? form.field;
      return update({ field: bad });
    }
    // The confirmation opens with its warnings shown: that is the second look, so the Enter
    // there ("once more") sends. Only a warning that appears while it is open costs an Enter.
    return dispatch({ type: 'overlay', overlay: { kind: 'confirmOrder', form, typed: '', acknowledged: check.warnings.length > 0 } });
  }
  // The maximum would not count the old order's funds as free: an amend types its quantity.
  if (isQuantityShareKey(input) && form.amends === undefined) return dispatch({ type: 'overlay', overlay: { kind: 'order', form: nextShare(session, form) } });
  if (!TEXT_FIELDS.has(form.field)) return;
  const field = form.field as 'qty' | 'spend' | 'trigger' | 'trail' | 'activation' | 'price' | 'tp' | 'sl';
  const current = form[field] ?? '';
  // Typing makes the quantity the trader's own again, no longer a share of the maximum; a
  // quantity typed replaces a spend amount, and a spend amount the quantity.
  const other = field === 'qty' ? { spend: undefined } : field === 'spend' ? { qty: '' } : {};
  if (key.backspace || key.delete) return update({ [field]: current.slice(0, -1), share: undefined, ...other });
  // Anything typed goes in; the validation beside the field says what is wrong with it.
  if (printable(input, key) && current.length < 24) return update({ [field]: current + input, share: undefined, ...other });
}

function suggestPrice(ctx: KeyContext, form: OrderForm): string {
  const t = ctx.session.state().market.tickers[`${ctx.session.venue}:${form.symbol}`];
  return t ? String(form.side === 'buy' ? t.bid : t.ask) : '';
}
