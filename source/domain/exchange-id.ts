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
 * One venue of a session: a simulated exchange or a ccxt id (its id is the exchange's), or a
 * named sandbox `NAME@URL` (a local Binance-compatible server, `atapi sandbox`): named because
 * two sandboxes are both "binance", and the name is what its keys are kept under.
 */
export interface VenueSpec {
  /** The venue's id in events and the ledger: the exchange id, or the sandbox's NAME. */
  readonly id: string;
  /** The ccxt exchange (or sim) it talks to: `binance` for a sandbox. */
  readonly exchange: string;
  readonly sandboxUrl?: string;
}

/** What a sandbox venue speaks: Binance's spot API, which `atapi sandbox` serves. */
export const SANDBOX_EXCHANGE = 'binance';

/** `sim`, `binance` or `NAME@URL`, checked as given (the command line lowercases what a trader types). */
export function parseVenueSpec(text: string): VenueSpec {
  const at = text.indexOf('@');
  if (at === -1) {
    const id = checkExchangeId(text);
    return { id, exchange: id };
  }
  const name = text.slice(0, at);
  const url = text.slice(at + 1);
  if (!/^[a-z][a-z0-9]{0,39}$/.test(name)) throw new UserError(`bad venue name "${printable(name)}" in ${printable(text)}: a sandbox venue is NAME@URL, NAME lowercase letters and digits (e.g. sbxa@http://127.0.0.1:8555)`);
  if (/^sim[2-9]?$/.test(name)) throw new UserError(`${name} names a simulated exchange: give the sandbox at ${printable(url)} another name (e.g. sbxa@${printable(url)})`);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new UserError(`bad sandbox URL "${printable(url)}" for venue ${name}: use http://HOST:PORT (what atapi sandbox prints)`);
  return { id: name, exchange: SANDBOX_EXCHANGE, sandboxUrl: url };
}

/** The spelling of a spec `parseVenueSpec` reads back to the same spec. */
export function venueSpecText(s: VenueSpec): string {
  return s.sandboxUrl === undefined ? s.id : `${s.id}@${s.sandboxUrl}`;
}

/** The specs of a checked venue list (`checkVenueIds`' output, or one exchange id). */
export function venueSpecs(list: readonly string[]): VenueSpec[] {
  return list.map(parseVenueSpec);
}

/**
 * The venues of one session (`--venues sim,sim2`, `--venues sbxa@URL1,sbxb@URL2`, the setting
 * `venues`), each checked and named once: a venue twice would be one book traded as two.
 */
export function checkVenueIds(ids: readonly string[]): string[] {
  if (ids.length === 0 || ids.some((id) => id === '')) throw new UserError('venues are exchange ids or sandboxes NAME@URL separated by commas, e.g. sim,sim2');
  const specs = ids.map((id) => parseVenueSpec(id.trim()));
  const out = specs.map((s) => s.id);
  const twice = out.find((id, i) => out.indexOf(id) !== i);
  if (twice) throw new UserError(`venues name ${twice} twice: list each venue once (e.g. sim,sim2)`);
  return specs.map(venueSpecText);
}
