import { UserError } from './errors.js';

/**
 * Where the list of exchange ids is: ccxt's own table of supported exchanges. Said in every
 * "unknown exchange" message so the trader knows where to look.
 */
export const EXCHANGE_IDS_HINT = 'sim, or a ccxt exchange id in lowercase letters and digits such as binance, bybit, okx, kraken (all ids: https://github.com/ccxt/ccxt#supported-cryptocurrency-exchanges)';

/**
 * An exchange id names a directory (the ledger) and a property (ccxt's class table, the
 * keystore), so it is checked before either is touched: `__proto__` or `../../etc` is no id.
 * ccxt's ids are all lowercase letters and digits.
 */
export function checkExchangeId(id: string): string {
  if (!/^[a-z][a-z0-9]{0,39}$/.test(id)) throw new UserError(`unknown exchange "${printable(id)}": use ${EXCHANGE_IDS_HINT}`);
  return id;
}

function printable(text: string): string {
  const t = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return t.length > 40 ? `${t.slice(0, 40)}...` : t;
}

/**
 * The venues of one session (`--venues sim,sim2`, the setting `venues`), each a checked id and
 * named once: a venue twice would be one book traded as two.
 */
export function checkVenueIds(ids: readonly string[]): string[] {
  if (ids.length === 0 || ids.some((id) => id === '')) throw new UserError('venues are exchange ids separated by commas, e.g. sim,sim2');
  const out = ids.map((id) => checkExchangeId(id));
  const twice = out.find((id, i) => out.indexOf(id) !== i);
  if (twice) throw new UserError(`venues name ${twice} twice: list each venue once (e.g. sim,sim2)`);
  return out;
}
